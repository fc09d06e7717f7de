import type { BaseMap } from './base-map';
import { metresPerPixel, scaleOf, TILE_SIZE, latOf, worldX, worldY, type MapView } from './projection';

/** Item points in zoom-0 world coordinates, projected once. */
export interface MapPoints {
  ids: number[];
  kinds: string[];
  x: Float64Array;
  y: Float64Array;
}

export interface SceneMark {
  lat: number;
  lon: number;
  radiusM: number;
}

/** A cluster as drawn: where, how many, and one id (for a single point). */
export interface DrawnCluster {
  sx: number;
  sy: number;
  count: number;
  firstIndex: number;
  /** Indices of the points in the cluster (up to 50). */
  members: number[];
}

export const KIND_COLOUR: Record<string, string> = { photo: '#2563eb', video: '#9333ea', page: '#0f766e', file: '#64748b' };
const CELL = 16;

export interface DrawInput {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  view: MapView;
  base: BaseMap | null;
  tiles: ((z: number, x: number, y: number) => HTMLImageElement | null) | null;
  scene: SceneMark | null;
  points: MapPoints;
}

function drawBase({ ctx, width, height, view, base, tiles }: DrawInput): void {
  const s = scaleOf(view);
  ctx.fillStyle = '#dbe7f0';
  ctx.fillRect(0, 0, width, height);
  if (tiles) {
    const z = Math.max(0, Math.min(19, Math.round(view.zoom)));
    const tileScale = 2 ** (view.zoom - z);
    const size = TILE_SIZE * tileScale;
    const worldPx = (v: number) => v * 2 ** z;
    const left = worldPx(view.cx) - width / 2 / tileScale;
    const top = worldPx(view.cy) - height / 2 / tileScale;
    const count = 2 ** z;
    for (let tx = Math.floor(left / TILE_SIZE); tx <= Math.floor((left + width / tileScale) / TILE_SIZE); tx++) {
      for (let ty = Math.max(0, Math.floor(top / TILE_SIZE)); ty <= Math.min(count - 1, Math.floor((top + height / tileScale) / TILE_SIZE)); ty++) {
        const image = tiles(z, ((tx % count) + count) % count, ty);
        if (image) ctx.drawImage(image, (tx * TILE_SIZE - left) * tileScale, (ty * TILE_SIZE - top) * tileScale, size + 0.5, size + 0.5);
      }
    }
    return;
  }
  if (!base) return;
  ctx.save();
  ctx.setTransform(s, 0, 0, s, width / 2 - view.cx * s, height / 2 - view.cy * s);
  ctx.fillStyle = '#f4f1ea';
  ctx.fill(base.land);
  ctx.lineWidth = 0.8 / s;
  ctx.strokeStyle = '#9aa5b1';
  ctx.stroke(base.land);
  ctx.lineWidth = 0.6 / s;
  ctx.strokeStyle = '#c4b8a8';
  ctx.stroke(base.borders);
  ctx.restore();
}

function drawScene({ ctx, width, height, view, scene }: DrawInput): void {
  if (!scene) return;
  const s = scaleOf(view);
  const sx = width / 2 + (worldX(scene.lon) - view.cx) * s;
  const sy = height / 2 + (worldY(scene.lat) - view.cy) * s;
  const perPx = metresPerPixel(scene.lat, view.zoom);
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  [1, 2, 5].forEach((factor, i) => {
    const r = (scene.radiusM * factor) / perPx;
    if (r < 4 || r > 6 * Math.max(width, height)) return;
    ctx.beginPath();
    ctx.arc(sx, sy, r, 0, Math.PI * 2);
    if (i === 0) {
      ctx.fillStyle = 'rgba(220, 38, 38, 0.08)';
      ctx.fill();
    }
    ctx.setLineDash(i === 0 ? [] : [6, 5]);
    ctx.strokeStyle = 'rgba(185, 28, 28, 0.8)';
    ctx.lineWidth = i === 0 ? 2 : 1;
    ctx.stroke();
    ctx.fillStyle = '#7f1d1d';
    const label = scene.radiusM * factor >= 1000 ? `${(scene.radiusM * factor) / 1000} km` : `${scene.radiusM * factor} m`;
    ctx.fillText(label, sx + r * Math.SQRT1_2 + 3, sy - r * Math.SQRT1_2 - 3);
  });
  ctx.setLineDash([]);
  ctx.fillStyle = '#b91c1c';
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(sx, sy);
  ctx.lineTo(sx - 7, sy - 16);
  ctx.arc(sx, sy - 17, 7, Math.PI, 0);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

/** Bins points to screen cells so 50,000 items draw as a few hundred marks, and returns them for hit-testing. */
function drawPoints({ ctx, width, height, view, points }: DrawInput): DrawnCluster[] {
  const s = scaleOf(view);
  const ox = width / 2 - view.cx * s;
  const oy = height / 2 - view.cy * s;
  const cells = new Map<number, DrawnCluster & { x: number; y: number }>();
  const columns = Math.ceil(width / CELL) + 1;
  for (let i = 0; i < points.ids.length; i++) {
    const sx = (points.x[i] as number) * s + ox;
    const sy = (points.y[i] as number) * s + oy;
    if (sx < -CELL || sy < -CELL || sx > width + CELL || sy > height + CELL) continue;
    const key = Math.floor((sy + CELL) / CELL) * columns + Math.floor((sx + CELL) / CELL);
    const cell = cells.get(key);
    if (cell) {
      cell.count += 1;
      cell.x += sx;
      cell.y += sy;
      if (cell.members.length < 50) cell.members.push(i);
    } else cells.set(key, { sx, sy, x: sx, y: sy, count: 1, firstIndex: i, members: [i] });
  }
  const drawn: DrawnCluster[] = [];
  ctx.save();
  ctx.font = 'bold 11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const cell of cells.values()) {
    const cx = cell.x / cell.count;
    const cy = cell.y / cell.count;
    drawn.push({ sx: cx, sy: cy, count: cell.count, firstIndex: cell.firstIndex, members: cell.members });
    ctx.beginPath();
    if (cell.count === 1) {
      ctx.arc(cx, cy, 5, 0, Math.PI * 2);
      ctx.fillStyle = KIND_COLOUR[points.kinds[cell.firstIndex] ?? 'file'] ?? '#64748b';
      ctx.fill();
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1.5;
      ctx.stroke();
    } else {
      const r = Math.min(22, 8 + Math.log10(cell.count) * 5);
      ctx.arc(cx, cy, r, 0, Math.PI * 2);
      ctx.fillStyle = 'rgba(30, 64, 175, 0.85)';
      ctx.fill();
      ctx.fillStyle = '#fff';
      ctx.fillText(cell.count > 999 ? `${Math.round(cell.count / 100) / 10}k` : String(cell.count), cx, cy);
    }
  }
  ctx.restore();
  return drawn;
}

function drawScaleBar({ ctx, height, view }: DrawInput): void {
  const lat = latOf(view.cy);
  const perPx = metresPerPixel(lat, view.zoom);
  const target = perPx * 100;
  const nice = [1, 2, 5].flatMap((m) => [1, 10, 100, 1000, 10_000, 100_000, 1_000_000].map((p) => m * p)).sort((a, b) => a - b).filter((v) => v <= target).pop() ?? 1;
  const px = nice / perPx;
  ctx.save();
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(8, height - 30, px + 60, 22);
  ctx.strokeStyle = '#1f2937';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(14, height - 14);
  ctx.lineTo(14 + px, height - 14);
  ctx.stroke();
  ctx.fillStyle = '#1f2937';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(nice >= 1000 ? `${nice / 1000} km` : `${nice} m`, 20 + px, height - 14);
  ctx.restore();
}

/** Draws the whole map; returns the marks drawn, for clicks. */
export function drawMap(input: DrawInput): DrawnCluster[] {
  drawBase(input);
  drawScene(input);
  const drawn = drawPoints(input);
  drawScaleBar(input);
  return drawn;
}
