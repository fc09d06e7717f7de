import { hasUnsafeCharacters } from '../util/terminal-text.js';

/** Longest operator name accepted (a person's name and rank, or a collar number). */
export const OPERATOR_MAX = 120;

/** Why a name cannot name an operator in the ledger, or null when it can. */
export function operatorNameProblem(name: string): string | null {
  if (name.trim() === '') return 'it is empty';
  if (name.length > OPERATOR_MAX) return `it is longer than ${OPERATOR_MAX} characters`;
  if (hasUnsafeCharacters(name)) return 'it holds control characters or bidirectional overrides';
  return null;
}
