import type { Labels } from '../taxonomy/index.js';
import type { GoldSet } from './load.js';
import type { GoldSampleRecord } from './schema.js';

/** A gold set as lookups by id: adjudicated labels, sample records, and each annotator's labels. */
export interface GoldMaps {
  labels: Map<string, Labels>;
  samples: Map<string, GoldSampleRecord>;
  /** annotator name -> id -> labels of that pass. */
  annotations: Map<string, Map<string, Labels>>;
}

/** The one place that turns a read gold set's rows into lookups (used by `run` and by the report). Pure. */
export function goldMaps(set: GoldSet): GoldMaps {
  return {
    labels: new Map(set.labels.map((r) => [r.value.id, r.value.labels])),
    samples: new Map(set.samples.map((r) => [r.value.id, r.value])),
    annotations: new Map(Object.entries(set.annotations).map(([who, rows]) => [who, new Map(rows.map((r) => [r.value.id, r.value.labels]))])),
  };
}
