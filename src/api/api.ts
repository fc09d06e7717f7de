import { z } from 'zod';
import type { Core } from '../core.js';
import { GoldenHourError, errorMessage } from '../util/errors.js';
import { diskFullError, isDiskFull } from '../util/disk-full.js';
import { contract, isOperationName, type OperationName, type ResponseOf } from './contract.js';
import type { ApiEvent, HandlerContext, HandlerSet } from './handler-types.js';
import type { ApiError, ApiResult } from './operation.js';
import { bundleHandlers } from './handlers/bundle.js';
import { captureHandlers } from './handlers/capture.js';
import { caseHandlers } from './handlers/cases.js';
import { custodyHandlers } from './handlers/custody.js';
import { settingsHandlers } from './handlers/settings.js';
import { mapHandlers } from './handlers/map.js';
import { itemHandlers } from './handlers/items.js';
import { mediaHandlers } from './handlers/media.js';
import { reviewHandlers } from './handlers/review.js';
import { browseHandlers } from './handlers/browse.js';
import { watchHandlers } from './handlers/watch.js';
import { teamHandlers } from './handlers/team.js';
import { pushHandlers } from './handlers/push.js';
import { triageHandlers } from './handlers/triage.js';

/** The core behind the contract: one handler per operation. */
export function createHandlers(core: Core): HandlerSet<OperationName> {
  return {
    ...caseHandlers(core),
    ...itemHandlers(core),
    ...mediaHandlers(core),
    ...custodyHandlers(core),
    ...settingsHandlers(core),
    ...mapHandlers(core),
    ...reviewHandlers(core),
    ...triageHandlers(core),
    ...browseHandlers(core),
    ...bundleHandlers(core),
    ...captureHandlers(core),
    ...watchHandlers(core),
    ...teamHandlers(core),
    ...pushHandlers(core),
  };
}

export interface Api {
  /**
   * Runs an operation by name: refuses names not in the contract, checks the payload against
   * its schema, and returns errors as values with a stable code.
   */
  invoke(name: string, payload: unknown, context?: HandlerContext): Promise<ApiResult<unknown>>;
  /** Typed call for in-process doors (the CLI): throws GoldenHourError on failure. */
  call<K extends OperationName>(name: K, payload: unknown, context?: HandlerContext): Promise<ResponseOf<K>>;
  /** Subscribes to events from running operations; returns the unsubscribe. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** Sends an event to every subscriber (a door telling listeners what changed). */
  publish(event: ApiEvent): void;
}

export function createApi(core: Core): Api {
  const handlers = createHandlers(core);
  const listeners = new Set<(event: ApiEvent) => void>();
  const broadcast = (event: ApiEvent) => listeners.forEach((listener) => listener(event));

  async function run(name: string, payload: unknown, context: HandlerContext = {}): Promise<unknown> {
    if (!isOperationName(name)) throw new ApiFailure('unknown-operation', `Unknown operation ${JSON.stringify(name)}`);
    const parsed = contract[name].request.safeParse(payload ?? {});
    if (!parsed.success) throw new GoldenHourError('invalid-input', `Invalid request for ${name}: ${z.prettifyError(parsed.error)}`);
    const request = withActor(name, parsed.data, context);
    const emit = (event: ApiEvent) => {
      context.emit?.(event);
      broadcast(event);
    };
    const handler = handlers[name] as (req: unknown, ctx: HandlerContext) => Promise<unknown>;
    return handler(request, { ...context, emit });
  }

  return {
    async invoke(name, payload, context) {
      try {
        return { ok: true, value: await run(name, payload, context) };
      } catch (error) {
        return { ok: false, error: toApiError(error, core.dataDir) };
      }
    },
    async call(name, payload, context) {
      try {
        return (await run(name, payload, context)) as ResponseOf<typeof name>;
      } catch (error) {
        if (error instanceof GoldenHourError) throw error;
        const apiError = toApiError(error, core.dataDir);
        throw new GoldenHourError(apiError.code === 'unknown-operation' ? 'invalid-input' : apiError.code, apiError.message);
      }
    },
    publish: broadcast,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * On a team server the operator is the signed-in user: a request naming someone else is
 * refused, and one naming no one is filled in, so every handler records the actor.
 */
function withActor(name: OperationName, request: unknown, context: HandlerContext): unknown {
  if (!context.actor || !isOperatorField(name)) return request;
  const given = (request as { operator?: string }).operator;
  if (given !== undefined && given !== context.actor.name) {
    throw new GoldenHourError('forbidden', `On a team server every change is recorded under the signed-in user (${context.actor.name}); the request named ${JSON.stringify(given.slice(0, 80))}`);
  }
  return { ...(request as object), operator: context.actor.name };
}

function isOperatorField(name: OperationName): boolean {
  const shape = (contract[name].request as unknown as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && Object.hasOwn(shape, 'operator');
}

class ApiFailure extends Error {
  constructor(readonly code: 'unknown-operation' | 'unauthorized', message: string) {
    super(message);
  }
}

function toApiError(error: unknown, dataFolder: string): ApiError {
  if (error instanceof GoldenHourError) return { code: error.code, message: error.message };
  if (isDiskFull(error)) return { code: 'unavailable', message: diskFullError(dataFolder, null, 'the change').message };
  if (error instanceof ApiFailure) return { code: error.code, message: error.message };
  return { code: 'internal', message: errorMessage(error) };
}
