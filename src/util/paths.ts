import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the sft-label package (where package.json lives), found by walking up from this module.
 * Works from src/ (vitest) and from dist/ (the built CLI).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sft-label') return dir;
      } catch {
        /* keep walking */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('sft-label: cannot find the package root (package.json)');
    dir = parent;
  }
}

/** Path of a file shipped with the package, relative to its root. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
