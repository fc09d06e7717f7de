import { latOf, lonOf, TILE_SIZE, worldX, worldY } from './projection.js';

/** A point of the map's items source (GeoJSON, spelt out: this module is also checked outside the DOM's types). */
export interface ItemFeature {
  type: 'Feature';
  properties: Record<string, number | string>;
  geometry: { type: 'Point'; coordinates: [number, number] };
}

export interface ItemFeatures {
  type: 'FeatureCollection';
  features: ItemFeature[];
}

/** The items with a place, as the map is given them (parallel arrays). */
export interface ItemPoints {
  ids: number[];
  kinds: string[];
  lat: number[];
  lon: number[];
  withinWindow?: (boolean | null)[];
}

/** Items closer than this on screen (a grid cell, in pixels) are drawn as one cluster. */
export const CLUSTER_CELL_PX = 40;
/** Above this zoom items are no longer clustered, except those at one place (which never split). */
export const CLUSTER_MAX_ZOOM = 18;

/** What the view needs to cluster: the zoom and the area on screen (degrees). */
export interface ClusterView {
  zoom: number;
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A cluster drawn on the map: which items it holds (indices into the points). */
export interface DrawnItemCluster {
  members: number[];
  zoom: number;
}

const abbreviate = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(Math.round(n / 100) / 10).toString()}k` : String(n));

/**
 * The case's items clustered per screen cell at the map's whole zoom, in the app (not in the
 * map's worker): the points are projected once; each view bins only the items in and around it
 * into cells of CLUSTER_CELL_PX and hands the map a small GeoJSON of clusters and single items.
 * A cluster is drawn at the mean place of its items and carries how many of them are inside the
 * golden-hour window (`inside`), so the map can tell all-inside, all-outside and mixed apart.
 */
export class ItemClusters {
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  /** The clusters of the last few views by view number: the map may still show an older view's while a newer one is on its way to the worker. */
  private readonly drawn = new Map<number, DrawnItemCluster[]>();
  private generation = 0;

  constructor(private readonly points: ItemPoints) {
    const n = points.ids.length;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.x[i] = worldX(points.lon[i] as number);
      this.y[i] = worldY(points.lat[i] as number);
    }
  }

  get size(): number {
    return this.points.ids.length;
  }

  private inside(i: number): number {
    return this.points.withinWindow?.[i] === true ? 1 : 0;
  }

  private time(i: number): 'inside' | 'outside' | 'unknown' {
    const within = this.points.withinWindow?.[i] ?? null;
    return within === null ? 'unknown' : within ? 'inside' : 'outside';
  }

  /**
   * The clusters and single items of a view. The area is widened by half a screen on each side,
   * so a short pan shows items before the next view is clustered. Each cluster carries its
   * view's number (`view`) beside its `cluster_id`, which `members` and `expansionZoom` take.
   */
  view(view: ClusterView): ItemFeatures {
    const zoom = Math.max(0, Math.floor(view.zoom));
    // A cell in zoom-0 world units: CLUSTER_CELL_PX on screen at this zoom.
    const cell = CLUSTER_CELL_PX / 2 ** zoom;
    const x0 = worldX(view.west), x1 = worldX(view.east), y0 = worldY(view.north), y1 = worldY(view.south);
    const padX = (x1 - x0) / 2, padY = (y1 - y0) / 2;
    const left = x0 - padX, right = x1 + padX, top = y0 - padY, bottom = y1 + padY;
    const cells = new Map<number, number[]>();
    const columns = Math.ceil(TILE_SIZE / cell) + 1;
    for (let i = 0; i < this.x.length; i++) {
      const px = this.x[i] as number, py = this.y[i] as number;
      if (px < left || px > right || py < top || py > bottom) continue;
      const key = Math.floor(py / cell) * columns + Math.floor(px / cell);
      const members = cells.get(key);
      if (members) members.push(i);
      else cells.set(key, [i]);
    }
    const features: ItemFeature[] = [];
    const generation = ++this.generation;
    const clusters: DrawnItemCluster[] = [];
    this.drawn.set(generation, clusters);
    this.drawn.delete(generation - 3);
    for (const members of cells.values()) {
      const split = zoom > CLUSTER_MAX_ZOOM ? this.byPlace(members) : [members];
      for (const group of split) features.push(this.feature(group, zoom, generation, clusters));
    }
    return { type: 'FeatureCollection', features };
  }

  /** Above the clustering zooms: items at exactly one place stay together, the rest stand alone. */
  private byPlace(members: number[]): number[][] {
    const places = new Map<string, number[]>();
    for (const i of members) {
      const key = `${this.x[i]},${this.y[i]}`;
      const group = places.get(key);
      if (group) group.push(i);
      else places.set(key, [i]);
    }
    return [...places.values()];
  }

  private feature(members: number[], zoom: number, generation: number, clusters: DrawnItemCluster[]): ItemFeature {
    if (members.length === 1) {
      const i = members[0] as number;
      return {
        type: 'Feature',
        properties: { id: this.points.ids[i] as number, kind: this.points.kinds[i] ?? 'file', inside: this.inside(i), time: this.time(i) },
        geometry: { type: 'Point', coordinates: [this.points.lon[i] as number, this.points.lat[i] as number] },
      };
    }
    let sx = 0, sy = 0, inside = 0;
    for (const i of members) {
      sx += this.x[i] as number;
      sy += this.y[i] as number;
      inside += this.inside(i);
    }
    const clusterId = clusters.push({ members, zoom }) - 1;
    return {
      type: 'Feature',
      properties: { view: generation, cluster_id: clusterId, point_count: members.length, point_count_abbreviated: abbreviate(members.length), inside },
      geometry: { type: 'Point', coordinates: [lonOf(sx / members.length), latOf(sy / members.length)] },
    };
  }

  /** The item ids of a cluster of a recent view (at most `limit`), or null for one no longer known. */
  members(view: number, clusterId: number, limit: number): number[] | null {
    const cluster = this.drawn.get(view)?.[clusterId];
    return cluster ? cluster.members.slice(0, limit).map((i) => this.points.ids[i] as number) : null;
  }

  /** An item's kind and whether it is inside the window, from what the map was given. */
  describe(id: number): { id: number; kind: string; withinWindow: boolean | null } {
    const i = this.points.ids.indexOf(id);
    return { id, kind: this.points.kinds[i] ?? 'file', withinWindow: this.points.withinWindow?.[i] ?? null };
  }

  /**
   * The zoom at which a cluster of a recent view splits into more than one cluster or item,
   * or null when its items are all at one place (no zoom splits them) or the view is gone.
   */
  expansionZoom(view: number, clusterId: number): number | null {
    const cluster = this.drawn.get(view)?.[clusterId];
    if (!cluster) return null;
    for (let zoom = cluster.zoom + 1; zoom <= CLUSTER_MAX_ZOOM; zoom++) {
      const cell = CLUSTER_CELL_PX / 2 ** zoom;
      const first = cluster.members[0] as number;
      const fx = Math.floor((this.x[first] as number) / cell), fy = Math.floor((this.y[first] as number) / cell);
      if (cluster.members.some((i) => Math.floor((this.x[i] as number) / cell) !== fx || Math.floor((this.y[i] as number) / cell) !== fy)) return zoom;
    }
    const first = cluster.members[0] as number;
    return cluster.members.some((i) => this.x[i] !== this.x[first] || this.y[i] !== this.y[first]) ? CLUSTER_MAX_ZOOM + 1 : null;
  }
}
