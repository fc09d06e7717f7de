import type { SceneMark } from './map-draw';

/** One item as a cluster's list shows it. */
export interface ClusterItem {
  id: number;
  kind: string;
  name: string;
  eventUtc: string | null;
  /** A picture to show beside it, or null. */
  thumbUrl: string | null;
  withinWindow: boolean | null;
}

/** What every map of the app is given: the items with a place, the scene, and what a click does. */
export interface MapCanvasProps {
  label: string;
  ids: number[];
  kinds: string[];
  lat: number[];
  lon: number[];
  /** Per item: inside the case's golden-hour window (true), outside (false), or unknown (null). */
  withinWindow?: (boolean | null)[];
  scene: SceneMark | null;
  /** Moves the view to this place (with its radius) whenever it changes: typed coordinates. */
  centreOn?: SceneMark | null;
  onOpen?: (id: number) => void;
  onPick?: (lat: number, lon: number) => void;
  /** The case's time zone (the scene's): a cluster's list gives each item's local time beside UTC. */
  timezone?: string | null;
  /** How a cluster's items are listed (thumbnail, time, kind); without it, by id and kind. */
  describe?: (ids: number[]) => Promise<ClusterItem[]>;
  height?: number;
}
