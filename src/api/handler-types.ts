import type { OperationName, ParsedRequestOf, ResponseOf } from './contract.js';

/** An event pushed to subscribers while an operation runs (progress of ingest, capture, export). */
export interface ApiEvent {
  topic: string;
  [key: string]: unknown;
}

/** What a handler gets beside its request. */
export interface HandlerContext {
  emit?: (event: ApiEvent) => void;
}

export type Handler<K extends OperationName> = (request: ParsedRequestOf<K>, context: HandlerContext) => Promise<ResponseOf<K>>;

export type HandlerSet<K extends OperationName> = { [P in K]: Handler<P> };
