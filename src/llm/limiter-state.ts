/**
 * How many requests an endpoint takes at once, learned from its answers. Pure: the in-process limiter
 * (adaptive.ts) and the one shared through Redis (shared-limiter.ts) apply the same transitions.
 *
 * Plain AIMD (grow by one per round, cut by a factor on overload) keeps probing above the server's capacity and
 * then drops well below it: against a server taking 10 at once with a client allowed 50 it sent 34% of its requests
 * into 429s (issue 18). This limiter instead remembers the highest level that worked (the ceiling):
 * - before the first overload it doubles per round (TCP slow start, RFC 5681 3.1), from `initial`;
 * - an overload tells how many the server took: one fewer than were in flight when the refused request was sent.
 *   A refusal above the ceiling (a probe, or the end of slow start) drops straight back to it; one right at it
 *   lowers it by one; one below it means the capacity shrank (another client, a rate quota) and cuts by `decrease`
 *   as AIMD does;
 * - below the ceiling it regains one per success (the level is known to work), at the ceiling it probes one above
 *   after `probeRounds` full rounds; a probe level held for a whole round becomes the ceiling and halves that wait,
 *   each failed probe doubles it.
 */

export interface LimiterPolicy {
  /** Ceiling: `--concurrency`. */
  max: number;
  /** Floor; default 1. */
  min: number;
  /** Limit before any feedback; default min(max, 8): slow start reaches 64 in three rounds. */
  initial: number;
  /** Cut when the endpoint refuses at or below the known ceiling; default 0.5. */
  decrease: number;
  /** Full rounds at the ceiling before probing one above it; default 2. */
  probeRounds: number;
  /** Longest wait between probes, in rounds; default 32. */
  maxProbeRounds: number;
  /** Longest Retry-After pause honoured, in ms; default 120 000 (PROVIDERS.md: an uncapped 3600 s stalls a run). */
  maxPauseMs: number;
}

export function limiterPolicy(max: number, overrides: Partial<Omit<LimiterPolicy, 'max'>> = {}): LimiterPolicy {
  const top = Math.max(1, Math.floor(max));
  return { max: top, min: 1, initial: Math.min(top, 8), decrease: 0.5, probeRounds: 2, maxProbeRounds: 32, maxPauseMs: 120_000, ...overrides };
}

export interface LimiterState {
  /** Requests in flight may reach floor(limit). */
  limit: number;
  /** Bumped by every cut. A request remembers the epoch it was sent in. */
  epoch: number;
  /** Most requests in flight known to work; null until the first overload (slow start). */
  ceiling: number | null;
  /** Successes at the limit since it was last set (at the ceiling: toward the next probe; above: toward raising it). */
  credit: number;
  /** Rounds at the ceiling before the next probe. */
  probeRounds: number;
}

export function initialLimiterState(policy: LimiterPolicy): LimiterState {
  return { limit: clamp(policy.initial, policy), epoch: 0, ceiling: null, credit: 0, probeRounds: policy.probeRounds };
}

/**
 * `inFlight`: requests in flight when this one was sent, itself included (over every process sharing the limit).
 * `queued`: requests waiting for a slot when this one ended (default: plenty); a probe above the ceiling is only worth
 * a refusal when at least a round of requests waits for the room it may find. At the tail of a run it is not: a
 * refused probe would wait its Retry-After and end the run late.
 */
export type LimiterEvent = { kind: 'success'; inFlight: number; queued?: number } | { kind: 'overload'; startedEpoch: number; inFlight: number };

/** The next state after one finished request. */
export function nextLimiterState(state: LimiterState, event: LimiterEvent, policy: LimiterPolicy): LimiterState {
  return event.kind === 'success' ? grown(state, event.inFlight, event.queued ?? Infinity, policy) : cut(state, event, policy);
}

function grown(s: LimiterState, inFlight: number, queued: number, p: LimiterPolicy): LimiterState {
  // Only a limit that is used grows: an idle client must not build up a burst it has never tried.
  if (s.ceiling === null) return inFlight * 2 >= s.limit ? { ...s, limit: Math.min(p.max, s.limit + 1) } : s;
  if (s.limit < s.ceiling) return { ...s, limit: Math.min(s.ceiling, s.limit + 1) };
  if (inFlight < Math.floor(s.limit)) return s;
  const credit = s.credit + 1;
  if (s.limit > s.ceiling) {
    // Probing: one success above the ceiling may be a race (an answer on its way back freed the server's slot before
    // ours knew), so the level counts as working after a whole round of successes at it without a refusal.
    if (credit < Math.floor(s.limit)) return { ...s, credit };
    return { ...s, ceiling: Math.floor(s.limit), credit: 0, probeRounds: Math.max(1, s.probeRounds / 2) };
  }
  if (credit < s.probeRounds * s.ceiling || s.limit >= p.max || queued < s.ceiling) return { ...s, credit };
  return { ...s, credit: 0, limit: Math.min(p.max, Math.floor(s.limit) + 1) };
}

function cut(s: LimiterState, e: { startedEpoch: number; inFlight: number }, p: LimiterPolicy): LimiterState {
  const took = clamp(e.inFlight - 1, p);
  if (e.startedEpoch !== s.epoch) {
    // Sent under an older limit: a burst cuts once. It still says how many the server took; the smallest count wins
    // whatever order the refusals arrive in.
    if (s.ceiling === null || took >= s.ceiling) return s;
    return { ...s, ceiling: took, limit: Math.min(s.limit, took), credit: 0 };
  }
  const epoch = s.epoch + 1;
  if (s.ceiling === null) return { ...s, epoch, ceiling: took, limit: took, credit: 0 };
  // A failed probe: back to the ceiling, and probe half as often.
  if (e.inFlight > s.ceiling) return { ...s, epoch, limit: s.ceiling, credit: 0, probeRounds: Math.min(p.maxProbeRounds, s.probeRounds * 2) };
  // Refused right at the ceiling: one too many, as far as we can tell. Either the ceiling was one too high (the same
  // race as above, the other way), or the server counted an answer we already had (a loaded server frees its slot
  // late). One less, no cut: a cut to 0.7 for a count off by one cost 84 refusals and 1.4x the time on a loaded
  // machine (bench/label-429, no Retry-After).
  if (e.inFlight === s.ceiling) return { ...s, epoch, ceiling: took, limit: Math.min(s.limit, took), credit: 0 };
  // Refused below a level that worked: the capacity shrank (another client, a rate quota). Cut as AIMD does.
  return { ...s, epoch, ceiling: took, limit: clamp(Math.min(took, s.limit * p.decrease), p), credit: 0 };
}

function clamp(n: number, p: LimiterPolicy): number {
  return Math.min(p.max, Math.max(p.min, n));
}
