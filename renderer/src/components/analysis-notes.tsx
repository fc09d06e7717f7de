import type { ResponseOf } from '@api/contract';

type ItemView = ResponseOf<'item.detail'>['item'];

/** What each stored flag means for the investigator, in words (the flag itself stays in the table below). */
const FLAG_MEANING: Record<string, string> = {
  'clock-mismatch': 'The camera clock and the GPS time disagree: the event time may be off.',
  'camera-clock-default': "The camera's time is a clock's factory default, not when the picture was taken.",
  'gps-time-invalid': 'The GPS time in the file is impossible, so it was not used.',
  'null-island': 'The file gives 0,0 as its position (a placeholder): treated as no place.',
  'unreadable-media': 'The file could not be decoded: it is kept and hashed as received, but has no preview.',
  'duration-mismatch': 'Two copies of this video disagree on its length by more than a second.',
  'c2pa-invalid': "The file's Content Credentials (C2PA) fail validation: the file or its manifest changed after signing.",
  'proofmode-signature-invalid': "A ProofMode signature in the file's bundle does not verify: the file or its proof changed after the phone signed it.",
  'proofmode-hash-mismatch': "The ProofMode proof states a different SHA-256: this is not the file the phone recorded.",
  'no-time': 'No event time could be read: the item is not on the timeline.',
  'http-error': 'The page answered with an error status when it was captured.',
  timeout: 'The page did not finish loading in time: the capture holds what had loaded.',
  'streaming-media': 'The page streamed media; see the videos captured from it below.',
};

/**
 * The analysis notes (time-zone mismatch, clock mismatch, unreadable media...) and what the
 * item's warning flags mean, in words, at the top of the item: not left inside raw metadata.
 */
export function AnalysisNotes({ item }: { item: ItemView }) {
  const raw = item.metadata?.notes;
  const notes = Array.isArray(raw) ? raw.filter((n): n is string => typeof n === 'string') : [];
  const meanings = item.flags.map((flag) => FLAG_MEANING[flag]).filter((m): m is string => Boolean(m));
  if (notes.length === 0 && meanings.length === 0) return null;
  return (
    <section className="analysis-notes" aria-labelledby="analysis-notes-heading" data-testid="analysis-notes">
      <h2 id="analysis-notes-heading">What analysis found</h2>
      <ul>
        {meanings.map((m) => <li key={m}>{m}</li>)}
        {notes.map((n, i) => <li key={`note-${i}`}>{sentence(n)}</li>)}
      </ul>
    </section>
  );
}

/** A note as a sentence: capital first letter, full stop at the end. */
function sentence(note: string): string {
  const text = note.trim();
  if (!text) return text;
  const first = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}
