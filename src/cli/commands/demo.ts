import { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi } from '../../api/api.js';
import { runDemo } from '../../demo/run-demo.js';
import { startBrowserServer } from '../../server/http-server.js';
import { packageRoot } from '../../version.js';
import { withApi, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson } from '../output.js';
import { parsePort } from './serve.js';

interface DemoOptions extends CommonOptions {
  serve?: boolean;
  port: string;
}

/** `goldenhour demo`: the whole flow, offline, in a fresh data folder (unless --data names one). */
export function demoCommand(): Command {
  return withCommonOptions(
    new Command('demo')
      .description('show the whole flow offline: capture a built-in incident site, import demo photos, export and verify a sealed bundle')
      .option('--serve', 'then open the demo case in browser mode (until Ctrl+C)')
      .option('--port <n>', 'port for --serve (0 picks a free one)', '0'),
    { localOnly: true },
  ).action(async (options: DemoOptions) => {
    const port = parsePort(options.port);
    const data = options.data ?? mkdtempSync(join(tmpdir(), 'goldenhour-demo-'));
    const log = (line: string) => {
      if (!options.json) process.stdout.write(`${line}\n`);
    };
    log(`Golden Hour demo — data folder: ${data}`);
    await withApi({ ...options, data }, async (api, core) => {
      const result = await runDemo(api, core, log);
      if (options.json) printJson(result);
      else {
        log('');
        log(`Bundle:        ${result.bundlePath}`);
        log(`Bundle SHA-256: ${result.bundleSha256}`);
        log(`Verified:      ${result.verified ? 'yes, every file matches its seal and the signature is valid' : 'NO — see the verification report'}`);
        log(`Report:        ${result.reportPath}`);
        log(`Verification:  ${result.verificationPath}`);
        log(`Look at it:    goldenhour serve --data ${data}   (or run the demo with --serve)`);
      }
      if (!result.verified || result.captured === 0) process.exitCode = 1;
      if (options.serve) {
        const server = await startBrowserServer({ api: createApi(core), core, port, rendererDir: join(packageRoot, 'dist', 'renderer') });
        log(`Open the demo case: ${server.url}`);
        log('Press Ctrl+C to stop.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
      }
    });
  });
}
