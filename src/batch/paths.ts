import { basename, dirname, extname, join } from 'node:path';

/** `labeled_x.jsonl` -> `batch_x.state.json` beside it (the same naming as stats_ and monitor_). */
export function batchStatePath(output: string): string {
  const stem = basename(output, extname(output)).replace(/^labeled_/, '');
  return join(dirname(output), `batch_${stem}.state.json`);
}
