// The shape of a gold set as read from disk. Apart from load.ts so that the checks over a read set (ids.ts and
// others) import it without importing the reader that calls them (issue 13: no import circles).
import type { ParsedLine } from './jsonl.js';
import type { AnnotationRecord, GoldLabelRecord, GoldManifest, GoldSampleRecord } from './schema.js';

/** The files of a gold set folder, by role. */
export interface GoldFiles {
  samples: string;
  labels: string;
  manifest: string;
  /** annotator name (file stem) -> path. */
  annotations: Record<string, string>;
}

/** A gold set as read from disk, every row with its line number for messages. */
export interface GoldSet {
  dir: string;
  files: GoldFiles;
  manifest: GoldManifest | null;
  samples: ParsedLine<GoldSampleRecord>[];
  labels: ParsedLine<GoldLabelRecord>[];
  /** annotator name -> that pass's rows. */
  annotations: Record<string, ParsedLine<AnnotationRecord>[]>;
}
