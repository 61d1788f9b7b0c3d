import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors/index.js';

/** One record of a labeled output, with where it was. */
export interface LabeledLine {
  record: Record<string, unknown>;
  /** 0-based position among the file's records. */
  index: number;
  /** `file:line` (JSONL) or `file: record i` (JSON array), for messages. */
  where: string;
}

/**
 * The records of a labeled output: JSONL streamed line by line (blank lines skipped), or a JSON array (read whole,
 * it is the small-run format). A record that is not a JSON object, or an unparsable line, is an InputError naming
 * the file and line: a shard output is our own file, so damage means something went wrong upstream.
 */
export async function* readLabeledRecords(file: string): AsyncGenerator<LabeledLine> {
  if (/\.json$/i.test(file)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new InputError(`${file}: cannot read a JSON array (${(err as Error).message})`, { file }, { cause: err });
    }
    if (!Array.isArray(data)) throw new InputError(`${file}: expected a JSON array of labeled records`, { file });
    for (let i = 0; i < data.length; i++) yield { record: asObject(data[i], `${file}: record ${i}`), index: i, where: `${file}: record ${i}` };
    return;
  }
  let line = 0;
  let index = 0;
  let lines;
  try {
    lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new InputError(`${file}:${line}: invalid JSON (${(err as Error).message})`, { file, line });
      }
      yield { record: asObject(value, `${file}:${line}`), index: index++, where: `${file}:${line}` };
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${file}: cannot read (${(err as Error).message})`, { file }, { cause: err });
  }
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${where}: not a labeled record (expected a JSON object)`);
  return value as Record<string, unknown>;
}
