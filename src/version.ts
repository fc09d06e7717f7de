import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module holding Golden Hour's package.json. */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'goldenhour') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Golden Hour could not find its own package.json');
    dir = parent;
  }
}

/** Where the package is installed (source checkout or packaged app). */
export const packageRoot = findPackageRoot();

const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
  productName: string;
};

/** The tool's name and version, as written into custody entries, capture records and seals. */
export const tool = { name: 'Golden Hour', id: 'goldenhour', version: pkg.version } as const;

/** The application name Electron uses for its per-user data folder. */
export const productName = pkg.productName;
