import { z } from 'zod';

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
export const apiErrorSchema = z.object({
  code: z.enum(['invalid-input', 'not-found', 'conflict', 'unavailable', 'verification-failed', 'unknown-operation', 'unauthorized', 'internal']),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An id as given by a person or a form: a positive whole number. */
export const idSchema = z.coerce.number().int().positive();

/** The operator acting, when the request names one. */
export const operatorField = z.string().trim().min(1).max(200).optional();
