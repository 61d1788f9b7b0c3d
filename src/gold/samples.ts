import { readRecords, type Conversation } from '../conversation/index.js';
import { preprocess } from '../preprocess/index.js';
import type { Signals } from '../preprocess/schema.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { GoldSet } from './load.js';

/** A gold sample read the way every labeler reads its input, with its preprocessing signals. */
export interface ReadGoldSample {
  id: string;
  line: number;
  conversation: Conversation;
  signals: Signals;
}

/**
 * Read samples.jsonl through the project's input reader (the same path a labeling run takes) and preprocess each
 * conversation. Records the reader refuses come back as problems (`file:line: reason`), never dropped silently.
 */
export async function readGoldConversations(set: GoldSet, tax: Taxonomy): Promise<{ samples: ReadGoldSample[]; problems: string[] }> {
  const samples: ReadGoldSample[] = [];
  const problems: string[] = [];
  const file = set.files.samples;
  for await (const item of readRecords(file)) {
    const where = `${file}:${item.line ?? `record ${item.index}`}`;
    if (!item.ok) {
      problems.push(`${where}: ${item.id ? `id "${item.id}": ` : ''}cannot be read as a conversation: ${item.reason}`);
      continue;
    }
    samples.push({ id: item.conversation.id, line: item.line ?? item.index + 1, conversation: item.conversation, signals: preprocess(item.conversation, tax) });
  }
  return { samples, problems };
}
