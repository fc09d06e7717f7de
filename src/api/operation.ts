import { z } from 'zod';
import { OPERATOR_MAX } from '../domain/operator.js';
import { hasUnsafeCharacters } from '../util/terminal-text.js';

/** One operation of the API: its request and response schemas (the source of their types). */
export interface Operation<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  /** What it does, for documentation and the UI's error messages. */
  summary: string;
}

export function operation<Req extends z.ZodType, Res extends z.ZodType>(summary: string, request: Req, response: Res): Operation<Req, Res> {
  return { summary, request, response };
}

/** Errors cross every door as values with a stable code. */
export const apiErrorSchema = z.strictObject({
  code: z.enum(['invalid-input', 'not-found', 'conflict', 'unavailable', 'verification-failed', 'unknown-operation', 'unauthorized', 'forbidden', 'rate-limited', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * A number from a door: a JSON number, or a plain decimal string (as a form field gives it).
 * Never coerced from anything else: `true`, `"0x1"`, `"1e3"` or `""` are refused, not read as numbers.
 */
export function numberInput(schema: z.ZodNumber) {
  return z.union([schema, z.string().regex(/^-?\d{1,15}(\.\d{1,15})?$/, 'expected a decimal number').transform(Number).pipe(schema)]);
}

/** An id as given by a person or a form: a positive whole number (a JSON number or decimal digits). */
export const idSchema = numberInput(z.number().int().positive().max(Number.MAX_SAFE_INTEGER));

/**
 * A short line of text a person types (a name, a title): trimmed, not empty, bounded, and with
 * no control characters or bidirectional overrides (which would forge or hide text where it is shown).
 */
export function lineOfText(what: string, max: number, emptyMessage = `${what} cannot be empty`) {
  return z.string().trim().min(1, emptyMessage).max(max, `${what} is at most ${max} characters`)
    .refine((value) => !hasUnsafeCharacters(value), `${what} cannot hold control characters or bidirectional overrides`);
}

/** The operator acting, when the request names one. */
export const operatorField = lineOfText('the operator name', OPERATOR_MAX).optional();
