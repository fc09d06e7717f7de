// Builds what `npx goldenhour`, `npm start` and the tests run: the core and shell (tsc) and
// the renderer (vite, after the Natural Earth outline is written as GeoJSON for it), then copies the SQL migrations (SQLite's and PostgreSQL's) next to the compiled database modules.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.main.json']);
mkdirSync(join(root, 'dist', 'src', 'db'), { recursive: true });
cpSync(join(root, 'src', 'db', 'migrations'), join(root, 'dist', 'src', 'db', 'migrations'), { recursive: true });
cpSync(join(root, 'src', 'db', 'postgres-migrations'), join(root, 'dist', 'src', 'db', 'postgres-migrations'), { recursive: true });
if (existsSync(join(root, 'renderer', 'vite.config.ts'))) run(process.execPath, [join(root, 'scripts', 'natural-earth.mjs')]);
if (existsSync(join(root, 'renderer', 'vite.config.ts'))) run(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
