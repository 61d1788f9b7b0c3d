import { describe, expect, it } from 'vitest';
import { loadTaxonomy, type Labels } from '../taxonomy/index.js';
import { mulberry32 } from '../util/prng.js';
import { comparePaired } from './compare.js';
import { degradeLabel, detectableDrops } from './detectable.js';
import { normalQuantile, flagsDrop, minDetectableDrop, pairedDropPower, samplesNeeded } from './power.js';

const tax = loadTaxonomy();
const intents = ['build', 'debug', 'learn', 'modify', 'review'];
const langs = [['python'], ['javascript'], ['python', 'sql'], ['go'], ['rust'], ['java']];

/** n items; the reference is right on intent except every `errEvery`-th item, right on language except every 7th. */
function fixture(n: number, errEvery: number) {
  const gold = new Map<string, Labels>();
  const ref = new Map<string, Labels | null>();
  for (let i = 0; i < n; i++) {
    const g: Labels = { intent: intents[i % 5]!, language: langs[i % 6]! };
    gold.set(`s${i}`, g);
    ref.set(`s${i}`, { intent: i % errEvery === 0 ? intents[(i + 2) % 5]! : g.intent!, language: i % 7 === 0 ? ['c'] : g.language! });
  }
  return { gold, ref };
}

/**
 * Simulate the real gate test: each exactly-right item of the reference turns wrong with probability q (the same
 * degradation the power model assumes), comparePaired's bootstrap CI decides; returns power and mean drop per q.
 */
function simulate(gold: Map<string, Labels>, ref: Map<string, Labels | null>, dim: string, qs: number[], runs: number, churn = { fix: 0, break: 0 }) {
  const dimension = tax.byId.get(dim)!;
  const all = [...ref.values()];
  const degraded = new Map([...ref].map(([id, l]) => [id, degradeLabel(dimension, tax, gold.get(id)!, l, all)]));
  return qs.map((q) => {
    let flagged = 0;
    let drop = 0;
    for (let r = 0; r < runs; r++) {
      const rand = mulberry32(1000 + r * 7919 + Math.round(q * 1e6));
      // Background churn: wrong items fixed with probability churn.fix, right items broken with churn.break (+ q).
      const cur = new Map(
        [...ref].map(([id, l]) => {
          const right = degraded.get(id) !== l;
          if (!right) return [id, rand() < churn.fix ? { ...l!, [dim]: gold.get(id)![dim]! } : l];
          return [id, rand() < q + churn.break ? degraded.get(id)! : l];
        }),
      );
      const p = comparePaired({ gold, a: ref, b: cur, taxonomy: tax, dims: [dim], bootstrap: 300, seed: r + 1 }).dimensions[dim]!;
      if (p.diff_ci95 && p.diff_ci95[1] < 0) flagged++;
      drop += -(p.diff ?? 0);
    }
    return { q, power: flagged / runs, drop: drop / runs };
  });
}

/** The drop where the simulated power crosses 0.8, by linear interpolation between grid points. */
function crossing(points: Array<{ power: number; drop: number }>): number {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.power < 0.8 && b.power >= 0.8) return a.drop + ((0.8 - a.power) / (b.power - a.power)) * (b.drop - a.drop);
  }
  throw new Error(`power never crosses 0.8: ${JSON.stringify(points)}`);
}

describe('power of the paired test', () => {
  it('normal quantiles (R qnorm)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 7);
  });

  it('flags 4 worse items of 108 and none better, not 3 (the bootstrap with few discordant items)', () => {
    expect(flagsDrop(4, 0, 108, 1.96)).toBe(true);
    expect(flagsDrop(3, 0, 108, 1.96)).toBe(false);
    expect(flagsDrop(10, 8, 108, 1.96)).toBe(false);
  });

  it('power is P(Binomial >= 4) without background (hand computation)', () => {
    // b ~ Bin(50, 0.1): flagged iff b >= 4 (z = 1.96, c = 0): 1 - P(b <= 3) = 1 - 0.2503 = 0.7497.
    const p = pairedDropPower({ n: 50, down: 0.1, up: 0, z: 1.959964 });
    expect(p).toBeCloseTo(0.74966, 4);
  });

  it('the detectable drop shrinks with n and samplesNeeded inverts it', () => {
    const design = { effect: 1.25, background: 0.05, maxRate: 0.8 };
    const d100 = minDetectableDrop({ ...design, n: 100 })!;
    const d400 = minDetectableDrop({ ...design, n: 400 })!;
    expect(d400).toBeLessThan(d100);
    const need = samplesNeeded(design, d400)!;
    expect(need).toBeLessThanOrEqual(400);
    expect(need).toBeGreaterThan(380);
    // One item, at most half of the items right: never 80% power.
    expect(minDetectableDrop({ ...design, maxRate: 0.5, n: 1 })).toBeNull();
  });
});

describe('detectableDrops matches a simulation of the gate paired test within 20%', () => {
  it('single dimension (kappa), no background discordance (a cache replay)', () => {
    const { gold, ref } = fixture(120, 6);
    const r = detectableDrops({ gold, reference: ref, taxonomy: tax, dims: ['intent'] });
    const analytic = r.dimensions.intent!.detectable_drop!;
    const sim = crossing(simulate(gold, ref, 'intent', [0.03, 0.045, 0.06, 0.075, 0.09], 100));
    expect(Math.abs(analytic - sim) / sim).toBeLessThan(0.2);
  });

  it('multi dimension (alpha MASI), no background discordance', () => {
    const { gold, ref } = fixture(120, 6);
    const r = detectableDrops({ gold, reference: ref, taxonomy: tax, dims: ['language'] });
    const analytic = r.dimensions.language!.detectable_drop!;
    const sim = crossing(simulate(gold, ref, 'language', [0.03, 0.045, 0.06, 0.075, 0.09], 100));
    expect(Math.abs(analytic - sim) / sim).toBeLessThan(0.2);
  });

  it('single dimension (kappa) with background discordance (a changed prompt that fixes some items and breaks others)', () => {
    const { gold, ref } = fixture(120, 6); // 20 items wrong on intent, 100 right
    // Expected 6 fixed (0.3 x 20) and 6 broken (0.06 x 100): discordance 0.1, half each way.
    const other = new Map(ref);
    const dimension = tax.byId.get('intent')!;
    const wrong = [...ref].filter(([id, l]) => l!.intent !== gold.get(id)!.intent).slice(0, 6);
    const right = [...ref].filter(([id, l]) => l!.intent === gold.get(id)!.intent).slice(0, 6);
    for (const [id, l] of wrong) other.set(id, { ...l!, intent: gold.get(id)!.intent! });
    for (const [id, l] of right) other.set(id, degradeLabel(dimension, tax, gold.get(id)!, l, [...ref.values()]));
    const r = detectableDrops({ gold, reference: ref, other, taxonomy: tax, dims: ['intent'] });
    expect(r.dimensions.intent!.discordance).toBeCloseTo(0.1, 12);
    const analytic = r.dimensions.intent!.detectable_drop!;
    const sim = crossing(simulate(gold, ref, 'intent', [0.04, 0.06, 0.08, 0.1, 0.12, 0.14], 100, { fix: 0.3, break: 0.06 }));
    expect(Math.abs(analytic - sim) / sim).toBeLessThan(0.2);
  });

  it('reports samples needed for a target drop, and more with background discordance', () => {
    const { gold, ref } = fixture(120, 6);
    const other = new Map(ref);
    for (let i = 0; i < 120; i += 10) other.set(`s${i}`, { ...ref.get(`s${i}`)!, intent: gold.get(`s${i}`)!.intent! });
    for (let i = 1; i < 120; i += 10) other.set(`s${i}`, { ...ref.get(`s${i}`)!, intent: 'debug' === gold.get(`s${i}`)!.intent ? 'build' : 'debug' });
    const quiet = detectableDrops({ gold, reference: ref, taxonomy: tax, dims: ['intent'], targetDrop: () => 0.02 }).dimensions.intent!;
    const noisy = detectableDrops({ gold, reference: ref, other, taxonomy: tax, dims: ['intent'], targetDrop: () => 0.02 }).dimensions.intent!;
    expect(noisy.discordance).toBeGreaterThan(0.1);
    expect(noisy.detectable_drop!).toBeGreaterThan(quiet.detectable_drop!);
    expect(quiet.samples_needed!).toBeGreaterThan(120);
    expect(noisy.samples_needed!).toBeGreaterThan(quiet.samples_needed!);
  });
});
