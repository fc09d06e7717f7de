import { describe, expect, it } from 'vitest';
import { CLUSTER_MAX_ZOOM, ItemClusters, type ItemFeatures } from '../../../renderer/src/map/item-clusters.js';

// Two items a few metres apart at the scene (one inside the window, one outside), one 3 km east, one in another city.
const points = {
  ids: [11, 12, 13, 14],
  kinds: ['photo', 'video', 'photo', 'file'],
  lat: [50.0875, 50.08752, 50.0875, 48.8566],
  lon: [14.4213, 14.42132, 14.4633, 2.3522],
  withinWindow: [true, false, null, true],
};
const wide = { west: 0, south: 45, east: 20, north: 55 };

function clustersOf(collection: ItemFeatures) {
  return collection.features.map((f) => f.properties);
}

describe('the map clusters items per screen cell in the app', () => {
  it('keeps items apart by place at a close zoom and counts those inside the window', () => {
    const index = new ItemClusters(points);
    const view = clustersOf(index.view({ zoom: 12, ...wide }));
    const cluster = view.find((p) => p.point_count !== undefined)!;
    expect(cluster).toMatchObject({ point_count: 2, inside: 1 });
    expect(index.members(cluster.view as number, cluster.cluster_id as number, 50)?.sort()).toEqual([11, 12]);
    expect(view.filter((p) => p.point_count === undefined).map((p) => [p.id, p.time]).sort()).toEqual([[13, 'unknown'], [14, 'inside']]);
    // The two at the scene split only when zoomed far in.
    const split = index.expansionZoom(cluster.view as number, cluster.cluster_id as number);
    expect(split).toBeGreaterThan(12);
    expect(split).toBeLessThanOrEqual(CLUSTER_MAX_ZOOM + 1);
  });

  it('draws a whole country as one cluster at a far zoom, and only what is in and around the view', () => {
    const index = new ItemClusters(points);
    expect(clustersOf(index.view({ zoom: 3, ...wide }))).toEqual(expect.arrayContaining([expect.objectContaining({ point_count: 3, inside: 1 })]));
    const prague = clustersOf(index.view({ zoom: 12, west: 14.40, south: 50.07, east: 14.44, north: 50.10 }));
    expect(prague.some((p) => p.id === 14)).toBe(false);
  });

  it('answers for the clusters of earlier views the map may still show, then forgets them', () => {
    const index = new ItemClusters(points);
    const first = clustersOf(index.view({ zoom: 12, ...wide })).find((p) => p.point_count !== undefined)!;
    index.view({ zoom: 3, ...wide });
    expect(index.members(first.view as number, first.cluster_id as number, 50)).toHaveLength(2);
    for (let i = 0; i < 3; i++) index.view({ zoom: 5, ...wide });
    expect(index.members(first.view as number, first.cluster_id as number, 50)).toBeNull();
  });

  it('keeps items taken at one place together beyond the clustering zooms (no zoom splits them)', () => {
    const index = new ItemClusters({ ids: [1, 2], kinds: ['photo', 'photo'], lat: [50, 50], lon: [14, 14], withinWindow: [true, true] });
    const view = clustersOf(index.view({ zoom: 20, west: 13.99, south: 49.99, east: 14.01, north: 50.01 }));
    expect(view).toHaveLength(1);
    expect(index.expansionZoom(view[0]!.view as number, view[0]!.cluster_id as number)).toBeNull();
  });
});
