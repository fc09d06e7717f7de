import type { Actor } from '../team/team-types.js';
import type { OperationName, ParsedRequestOf, ResponseOf } from './contract.js';

/** An event pushed to subscribers while an operation runs (progress of ingest, capture, export). */
export interface ApiEvent {
  topic: string;
  [key: string]: unknown;
}

/** What a handler gets beside its request. */
export interface HandlerContext {
  emit?: (event: ApiEvent) => void;
  /**
   * On a team server: the signed-in user the door established from the session. Every custody
   * entry the operation writes names them (a request's own `operator` may only repeat the name).
   */
  actor?: Actor;
  /** On a team server: the session token the request came with (to end it). */
  sessionToken?: string;
  /**
   * In the desktop app: shows the system's open dialog for a file of this kind and gives its
   * path, or null when the person cancels. Other doors have no dialog to show.
   */
  chooseFile?: (kind: 'bundle') => Promise<string | null>;
}

export type Handler<K extends OperationName> = (request: ParsedRequestOf<K>, context: HandlerContext) => Promise<ResponseOf<K>>;

export type HandlerSet<K extends OperationName> = { [P in K]: Handler<P> };
