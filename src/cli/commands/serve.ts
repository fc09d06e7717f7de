import { Command } from 'commander';
import { join } from 'node:path';
import { isLoopbackHost } from '../../server/door-guard.js';
import { startBrowserServer } from '../../server/http-server.js';
import { TeamConnection } from '../../api/team-connection.js';
import { appConnectionFile, sessionsFile } from '../../api/team-sessions.js';
import { invalidInput } from '../../util/errors.js';
import { packageRoot } from '../../version.js';
import { withApi, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson } from '../output.js';
import { startAnchorTimer } from '../../core.js';

interface ServeOptions extends CommonOptions {
  host: string;
  port: string;
}

/** Reads `--port`: 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw invalidInput(`Expected --port to be a whole number from 0 to 65535 but received ${JSON.stringify(value)}`);
  return Number(value);
}

/** `goldenhour serve`: browser mode, until interrupted. */
export function serveCommand(): Command {
  return withCommonOptions(
    new Command('serve')
      .description('run the app in your browser: serves the UI and the API on this machine (loopback) with a secret token')
      .option('--host <address>', 'address to listen on (only loopback unless you mean otherwise)', '127.0.0.1')
      .option('--port <n>', 'port to listen on (0 picks a free one)', '0'),
    { localOnly: true },
  ).action(async (options: ServeOptions) => {
    const port = parsePort(options.port);
    await withApi(options, async (api, core) => {
      // "Connect to a team server" in the page: the session is kept as `goldenhour login` keeps it.
      const connection = new TeamConnection({ api, dataDir: core.dataDir, sessionsFile: sessionsFile(), connectionFile: appConnectionFile() });
      const server = await startBrowserServer({ api, core, host: options.host, port, rendererDir: join(packageRoot, 'dist', 'renderer'), connection });
      if (options.json) printJson({ url: server.url, host: server.host, port: server.port, token: server.token, dataDir: core.dataDir });
      else {
        process.stdout.write(`Golden Hour is running. Open this address in your browser (it holds this run's secret token):\n  ${server.url}\n`);
        process.stdout.write(`Data: ${core.dataDir}\nPress Ctrl+C to stop.\n`);
      }
      if (!isLoopbackHost(options.host)) {
        process.stderr.write(`warning: listening on ${options.host}, not loopback: anyone who can reach it and learns the token can use this case data, over unencrypted HTTP.\n`);
      }
      // The app runs the case's watches while it is open, and takes waiting ledger anchors.
      const watching = core.startWatching((caseId) => api.invoke('watch.runDue', { caseId }));
      const stopAnchors = startAnchorTimer(core.anchors);
      await waitForStop();
      stopAnchors();
      await watching.stop();
      connection.close();
      await server.close();
      await core.browse.closeAll();
    });
  });
}

export function waitForStop(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
