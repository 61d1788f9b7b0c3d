import { modelId, OPTION_AXES, PROMPTLESS_MODELS, type ExperimentFile, type ExperimentOptions, type OptionAxis } from './experiment.js';

/** One labeling configuration of an experiment: a model, a prompt version (or none) and its options. */
export interface Configuration {
  /** Stable name: `deepseek-v3.2__v1`, `deepseek-v3.2__v1__arb-off__t0.3`, `rules`. Names `runs/<name>.jsonl`. */
  name: string;
  /** Model id (registry id or inline entry id). */
  model: string;
  /** The matrix entry as written: a registry id or an inline model entry. */
  modelRef: ExperimentFile['matrix']['models'][number];
  /** Prompt version, or null for a model that takes no prompt. */
  prompt: string | null;
  /** The experiment's options with this configuration's axis values applied. */
  options: ExperimentOptions;
  /** The axis values that set this configuration apart (only axes with more than one value). */
  axes: Partial<Record<OptionAxis, boolean | number>>;
}

export interface ExpandOptions {
  /** Does this model take a prompt? Default: every model but `rules`. */
  takesPrompt?: (model: string) => boolean;
}

/** Name part for an axis value. */
export function axisSuffix(axis: OptionAxis, value: boolean | number): string {
  switch (axis) {
    case 'arbitration':
      return value ? 'arb-on' : 'arb-off';
    case 'temperature':
      return `t${value}`;
    case 'confidence_threshold':
      return `ct${value}`;
    case 'max_tokens':
      return `mt${value}`;
  }
}

/**
 * Every configuration of the matrix, models outermost, then prompts, then option axes in OPTION_AXES order.
 * Pure. A model that takes no prompt runs once, with the experiment's options: the prompts axis and the option axes
 * (all of which only change LLM calls) are ignored for it. An axis with one value is the same as setting that option
 * and adds nothing to names, so adding a one-value axis never renames existing runs.
 */
export function expandMatrix(experiment: Pick<ExperimentFile, 'matrix' | 'options'>, options: ExpandOptions = {}): Configuration[] {
  const takesPrompt = options.takesPrompt ?? ((m: string) => !PROMPTLESS_MODELS.includes(m));
  const { matrix } = experiment;
  const axes = OPTION_AXES.flatMap((axis) => {
    const values = [...new Set<boolean | number>((matrix[axis] ?? []) as Array<boolean | number>)];
    return values.length ? [{ axis, values }] : [];
  });
  const combos = cartesian(axes);
  const out: Configuration[] = [];
  // A cascade's models are labeled like any configuration (its answers are combined from theirs): one that the
  // models axis does not list is added after the listed ones.
  const listed = new Set(matrix.models.map(modelId));
  const extra = [...new Set((matrix.cascades ?? []).flat())].filter((m) => !listed.has(m));
  for (const modelRef of [...matrix.models, ...extra]) {
    const model = modelId(modelRef);
    if (!takesPrompt(model)) {
      out.push({ name: safeName(model), model, modelRef, prompt: null, options: { ...experiment.options }, axes: {} });
      continue;
    }
    for (const prompt of [...new Set(matrix.prompts)]) {
      for (const combo of combos) {
        const opts: ExperimentOptions = { ...experiment.options };
        const named: Configuration['axes'] = {};
        const parts = [model, prompt];
        for (const { axis, value, distinct } of combo) {
          (opts as Record<OptionAxis, boolean | number>)[axis] = value;
          if (distinct) {
            named[axis] = value;
            parts.push(axisSuffix(axis, value));
          }
        }
        out.push({ name: safeName(parts.join('__')), model, modelRef, prompt, options: opts, axes: named });
      }
    }
  }
  return out;
}

type Combo = Array<{ axis: OptionAxis; value: boolean | number; distinct: boolean }>;

function cartesian(axes: Array<{ axis: OptionAxis; values: Array<boolean | number> }>): Combo[] {
  let combos: Combo[] = [[]];
  for (const { axis, values } of axes) {
    combos = combos.flatMap((c) => values.map((value) => [...c, { axis, value, distinct: values.length > 1 }]));
  }
  return combos;
}

/** Names become file names: anything but letters, digits, `.`, `_`, `-` turns into `-`. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** A cheap-then-strong cascade of an experiment: two configurations of the same prompt version. */
export interface CascadeConfiguration {
  /** `<first>__then__<then>__<prompt>`: names `runs/<name>.jsonl` and the configuration in metrics.json. */
  name: string;
  /** Shown as the configuration's model: `first -> then`. */
  model: string;
  prompt: string | null;
  first: Configuration;
  then: Configuration;
}

/**
 * The cascades of the matrix, each `[first, then]` crossed with the prompt versions (a promptless model keeps its
 * one configuration). Each side is the first configuration of its model and prompt in matrix order (the option
 * axes' first values). Pure.
 */
export function expandCascades(experiment: Pick<ExperimentFile, 'matrix'>, configs: readonly Configuration[]): CascadeConfiguration[] {
  const out: CascadeConfiguration[] = [];
  const pick = (model: string, prompt: string): Configuration | undefined =>
    configs.find((c) => c.model === model && (c.prompt === prompt || c.prompt === null));
  for (const [first, then] of experiment.matrix.cascades ?? []) {
    for (const prompt of [...new Set(experiment.matrix.prompts)]) {
      const a = pick(first, prompt);
      const b = pick(then, prompt);
      if (!a || !b) continue;
      const name = safeName([first, 'then', then, ...(a.prompt || b.prompt ? [prompt] : [])].join('__'));
      if (out.some((c) => c.name === name)) continue;
      out.push({ name, model: `${first} -> ${then}`, prompt: a.prompt ?? b.prompt, first: a, then: b });
    }
  }
  return out;
}
