import type { z } from 'zod';
import { browseOperations } from './contract/browse.js';
import { bundleOperations } from './contract/bundle.js';
import { captureOperations } from './contract/capture.js';
import { caseOperations } from './contract/cases.js';
import { custodyOperations } from './contract/custody.js';
import { itemOperations } from './contract/items.js';
import { mediaOperations } from './contract/media.js';
import { reviewOperations } from './contract/review.js';
import { watchOperations } from './contract/watch.js';
import { settingsOperations } from './contract/settings.js';
import { mapOperations } from './contract/map.js';
import { teamOperations } from './contract/team.js';
import { pushOperations } from './contract/push.js';
import { triageOperations } from './contract/triage.js';

/**
 * Every operation the UI (and the CLI, where it overlaps) can ask of the core. Electron IPC,
 * the browser-mode HTTP server and the CLI accept these names and nothing else.
 */
export const contract = {
  ...caseOperations,
  ...itemOperations,
  ...mediaOperations,
  ...custodyOperations,
  ...reviewOperations,
  ...triageOperations,
  ...browseOperations,
  ...bundleOperations,
  ...captureOperations,
  ...watchOperations,
  ...settingsOperations,
  ...mapOperations,
  ...teamOperations,
  ...pushOperations,
};

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type RequestOf<K extends OperationName> = z.input<Contract[K]['request']>;
export type ParsedRequestOf<K extends OperationName> = z.output<Contract[K]['request']>;
export type ResponseOf<K extends OperationName> = z.output<Contract[K]['response']>;

/** The allow-list of operation names. */
export const operationNames = Object.keys(contract) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
