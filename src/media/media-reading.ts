import type { TimeEvidence } from './event-time.js';
import type { ReadLocation } from './location.js';

/** A working copy made from an item's content, not yet stored. */
export interface DerivedFile {
  role: 'thumbnail' | 'preview' | 'poster' | 'keyframe';
  bytes: Buffer;
  mediaType: string;
}

/** What reading one photo or video gave, before the case's zone and the vault come in. */
export interface MediaReading {
  time: TimeEvidence;
  location: ReadLocation;
  /** Normalised fields, `raw` and `extractor`. */
  metadata: Record<string, unknown>;
  derived: DerivedFile[];
  flags: string[];
  notes: string[];
}

/** Flags this layer sets (and so may clear when it analyses an item again). */
export const MEDIA_FLAGS = ['no-time', 'clock-mismatch', 'null-island', 'unreadable-media', 'gps-time-invalid', 'camera-clock-default'] as const;
