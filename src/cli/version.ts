import { readFileSync } from 'node:fs';
import { packagePath } from '../util/paths.js';

/** The package version from package.json. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
