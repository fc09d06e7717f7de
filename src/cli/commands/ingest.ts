import { Command } from 'commander';
import { parseCaseId, withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';
import { escapeForTerminal } from '../../util/terminal-text.js';
import { invalidInput } from '../../util/errors.js';
import { ingestThroughServer } from '../../api/remote-files.js';

/** `goldenhour ingest CASE PATH...`: exit 1 when some files failed (the rest are done). */
export function ingestCommand(): Command {
  return withCommonOptions(
    new Command('ingest')
      .description('copy files and folders (recursively) into the vault and record them as items')
      .argument('<case>', 'case id')
      .argument('<paths...>', 'files and folders'),
    { operator: true },
  ).action(async (caseArg: string, paths: string[], options: CommonOptions) => {
    const caseId = parseCaseId(caseArg);
    const progress = (line: string) => {
      if (!options.json && process.stderr.isTTY) process.stderr.write(`\r${line}`);
    };
    const result = await withDoor(options, (door) => {
      if (door.server) {
        if (options.operator !== undefined) throw invalidInput('--operator is not used with --server: the team server records every change under the signed-in user');
        return ingestThroughServer(door.server, caseId, paths, (done) => progress(`${done} files sent...`));
      }
      return door.call('items.ingest', { caseId, paths, operator: options.operator }, {
        emit: (event) => {
          if (event.topic === 'ingest.progress') progress(`${String(event.done)} files...`);
        },
      });
    });
    if (!options.json && process.stderr.isTTY) process.stderr.write('\r');
    if (options.json) printJson({ items: result.items, alreadyPresent: result.alreadyPresent, sameContent: result.sameContent, errors: result.errors, notes: result.notes });
    else {
      printLines([
        ...result.items.map((item) => {
          const same = result.sameContent.find((s) => s.itemId === item.id);
          return `added    item ${item.id}  ${item.kind.padEnd(5)}  ${item.sha256}  ${item.sourcePath ?? ''}${same ? `  (same content as item ${same.sameAs})` : ''}`;
        }),
        ...result.alreadyPresent.map((p) => `present  item ${p.itemId}  ${p.sha256}  ${p.path}`),
        ...result.notes.map((n) => `note     item ${n.itemId}  ${n.path}: ${n.note}`),
        `${result.items.length} added${result.sameContent.length > 0 ? ` (${result.sameContent.length} with the same content as an earlier item)` : ''}, ${result.alreadyPresent.length} already present, ${result.errors.length} failed`,
      ]);
      for (const failure of result.errors) process.stderr.write(`failed: ${escapeForTerminal(failure.path)}: ${escapeForTerminal(failure.error)}\n`);
    }
    if (result.errors.length > 0) process.exitCode = 1;
  });
}
