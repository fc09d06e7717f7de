#!/usr/bin/env node
// The CLI entry point: the compiled core lives in dist/ (built by `npm install`'s prepare step).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('goldenhour: the CLI is not built yet; run `npm install` (or `npm run build`) in the project folder.\n');
  process.exit(2);
}
await import(entry.href);
