/**
 * The rates of a labeled set, each with one definition (the table in src/records/README.md says the same). Issue
 * rates count a record once however many issues of the kind it has, and are per labeled record (`labels` not
 * null): a failed record has no labels whose arbitration or mapping could be judged, so counting it in the
 * denominator would make a run that fails more look cleaner. This is the denominator stats_*.json always had;
 * `run` (run.json / metrics.json) and `report --labels` used every record until issue 13.
 */

/** Counts the rates are made from. */
export interface RateCounts {
  /** Records with labels. */
  labeled: number;
  /** Records without labels: input failures and labeler failures. */
  failed: number;
  /** Labeled records with at least one arbitration (a dimension decided by a vote / a second call). */
  arbitrated: number;
  /** Labeled records with at least one unmapped value (an answer tag not in the taxonomy, dropped). */
  unmapped: number;
  /** Labeled records with at least one taxonomy rule violation. */
  violated: number;
}

/** Each rate is in [0, 1], null when its denominator is 0 (nothing to judge). */
export interface LabeledSetRates {
  /** arbitrated / labeled. */
  arbitration: number | null;
  /** unmapped / labeled. */
  unmapped: number | null;
  /** violated / labeled. */
  violation: number | null;
  /** failed / (labeled + failed): the share of records that came out without labels. */
  failure: number | null;
}

/** The rates of a labeled set. Pure. */
export function labeledSetRates(c: RateCounts): LabeledSetRates {
  const perLabeled = (n: number): number | null => (c.labeled ? n / c.labeled : null);
  const records = c.labeled + c.failed;
  return {
    arbitration: perLabeled(c.arbitrated),
    unmapped: perLabeled(c.unmapped),
    violation: perLabeled(c.violated),
    failure: records ? c.failed / records : null,
  };
}
