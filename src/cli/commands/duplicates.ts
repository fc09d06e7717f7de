import { Command } from 'commander';
import { GoldenHourError } from '../../util/errors.js';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';

interface DuplicatesOptions extends CommonOptions {
  maxDistance?: string;
}

/** `goldenhour duplicates CASE [--max-distance N]`. */
export function duplicatesCommand(): Command {
  return withCommonOptions(
    new Command('duplicates')
      .description('clusters of photos and video keyframes that look alike (re-posted, resized, recompressed, lightly cropped)')
      .argument('<case>', 'case id')
      .option('--max-distance <bits>', 'largest perceptual-hash distance (0-32 of 64 bits) that counts as alike (default 10)'),
  ).action(async (caseArg: string, options: DuplicatesOptions) => {
    const caseId = parseCaseId(caseArg);
    let maxDistance: number | undefined;
    if (options.maxDistance !== undefined) {
      maxDistance = Number(options.maxDistance);
      if (!/^\d+$/.test(options.maxDistance) || maxDistance > 32) {
        throw new GoldenHourError('invalid-input', `Expected --max-distance to be a whole number from 0 to 32 but received ${JSON.stringify(options.maxDistance)}`);
      }
    }
    const result = await withDoor(options, (api) => api.call('media.duplicates', { caseId, maxDistance }));
    if (options.json) {
      printJson(result);
      return;
    }
    if (result.clusters.length === 0) {
      printLines([`No near-duplicates (${result.algorithm}, distance at most ${result.maxDistance} of 64 bits).`]);
      return;
    }
    printLines(result.clusters.flatMap((cluster, i) => [
      `Cluster ${i + 1}: ${cluster.members.length} items`,
      ...cluster.members.map((m) => `  item ${String(m.itemId).padEnd(5)} ${m.kind.padEnd(5)} ${m.sha256.slice(0, 12)}  distance ${String(m.distance).padStart(2)}  ${m.name ?? ''}${m.matched ? `  (${m.matched})` : ''}`),
    ]));
  });
}
