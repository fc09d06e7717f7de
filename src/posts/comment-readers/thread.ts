import type { ScannedElement } from '../comments.js';

/**
 * For each element of a list found in one document (in document order), the elements of the
 * same list it lies inside, outermost first: a reply rendered inside the comment it answers.
 */
export function ancestorsWithin(elements: ScannedElement[]): ScannedElement[][] {
  const end = (e: ScannedElement) => e.at + e.inner.length;
  return elements.map((element) => elements.filter((other) => other !== element && other.at < element.at && end(other) >= end(element)));
}

/** The part of an element's markup before the first nested element a pattern finds (its replies). */
export function ownPart(inner: string, nested: RegExp): string {
  const at = inner.search(nested);
  return at < 0 ? inner : inner.slice(0, at);
}
