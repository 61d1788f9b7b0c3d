import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { decideIntent, decideTask } from './intent.js';

const tax = loadTaxonomy();
const plain = { codeSupplied: false, failureSupplied: false };
const code = { codeSupplied: true, failureSupplied: false };

describe('decideIntent', () => {
  it.each([
    ['My app crashes with a KeyError', plain, 'debug'],
    ['This function does not work, it returns None', code, 'debug'],
    ['Convert this Java code to Kotlin', code, 'convert'],
    ['Please refactor this class', code, 'improve'],
    ['How do I install Docker on Ubuntu?', plain, 'configure'],
    ['Write a function that reverses a string', plain, 'build'],
    ['Can you review my code?', code, 'review'],
    ['What does this do?', code, 'understand'],
    ['What does this do?', plain, 'learn'],
    ['What is a closure?', plain, 'learn'],
    ['Add error handling to my parser', code, 'build'],
    ['Write a function that breaks a string into words', plain, 'build'],
    ['why does this break when filenames have spaces', code, 'debug'],
    ['my server hangs when I call this', code, 'debug'],
    ['can this be cleaner with LINQ?', code, 'improve'],
    ['is this safe?', code, 'review'],
    ['帮我写一个 Python 重试装饰器', plain, 'build'],
    ['运行时报错了', code, 'debug'],
  ])('%s -> %s', (text, opts, intent) => {
    expect(decideIntent(text, opts).intent).toBe(intent);
  });

  it('falls back to debug when failure text was supplied without a failure word', () => {
    expect(decideIntent('hmm?', { codeSupplied: false, failureSupplied: true }).intent).toBe('debug');
  });
});

describe('decideTask', () => {
  it.each([
    ['debug', 'x', code, 1, ['bug-fixing']],
    ['convert', 'Convert this Java code to Kotlin', code, 2, ['code-translation']],
    ['convert', 'Migrate this from Python 2 to Python 3', code, 1, ['migration']],
    ['convert', 'Turn this JSON into YAML', code, 0, ['data-format-conversion']],
    ['improve', 'Optimize this loop', code, 1, ['performance-optimization']],
    ['configure', 'Deploy it to AWS', plain, 0, ['deployment-infra']],
    ['build', 'Write a function and add unit tests', plain, 1, ['code-generation', 'test-writing']],
    ['build', 'Write unit tests for this class', code, 1, ['test-writing']],
    ['build', 'Add a --verbose flag to this CLI', code, 1, ['feature-implementation']],
    ['understand', 'What will this print?', code, 1, ['code-analysis']],
    ['learn', 'What is a closure?', plain, 0, ['concept-explanation']],
  ] as const)('%s: %s -> %j', (intent, text, opts, languages, task) => {
    const tasks = decideTask(intent, text, { ...opts, languages });
    expect(tasks).toEqual(task);
    const pool = tax.tagsByDim.get('task');
    expect(tasks.some((t) => pool?.get(t)?.typical_intents?.includes(intent))).toBe(true);
  });
});
