import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../taxonomy/index.js';
import { decideConstraints } from './constraint.js';
import { decideContext } from './context.js';
import { signals } from './__fixtures__/conversations.js';
import { EXTRA_KEYWORDS } from './keyword-data.js';
import { buildKeywordIndex, scoreKeywords, topTags, type KeywordScores } from './keywords.js';
import { buildLanguageNames, targetLanguages } from './language.js';
import { keyVariants, tokenize } from './tokens.js';

const tax = loadTaxonomy();

describe('tokenize / keyVariants', () => {
  it('keeps c++, c#, node.js whole and makes plural variants', () => {
    expect(tokenize('C++ and C# or Node.js, python3.')).toEqual(['C++', 'and', 'C#', 'or', 'Node.js', 'python3']);
    expect(keyVariants('closures')).toContain('closure');
    expect(keyVariants('class')).toContain('classes');
    expect(keyVariants('dictionary')).toContain('dictionaries');
  });
});

describe('buildKeywordIndex / scoreKeywords', () => {
  it('uses only real tag ids in the curated table', () => {
    for (const [dim, table] of Object.entries(EXTRA_KEYWORDS)) {
      for (const id of Object.keys(table)) expect(tax.tagsByDim.get(dim)?.has(id), `${dim}: ${id}`).toBe(true);
    }
  });

  it('scores phrases and aliases per dimension', () => {
    const index = buildKeywordIndex(tax, ['domain', 'concept']);
    const scores: KeywordScores = new Map();
    scoreKeywords(index, 'A Flask endpoint that caches results with Redis; use a binary search tree.', 2, scores);
    expect(topTags(scores, 'domain', 2, 1)[0]?.[0]).toBe('web-backend');
    expect(topTags(scores, 'concept', 2, 6).map(([t]) => t)).toEqual(expect.arrayContaining(['trees']));
  });
});

describe('targetLanguages', () => {
  const names = buildLanguageNames(tax);
  it.each([
    ['Rewrite this in Rust please', ['rust']],
    ['Write a Python script to rename files', ['python']],
    ['Port it to Go', ['go']],
    ['I want to go home and use the C++ version', ['cpp']],
    ['Python is popular these days', []],
  ])('%s -> %j', (text, ids) => {
    expect(targetLanguages(text, names)).toEqual(ids);
  });
});

describe('decideConstraints', () => {
  it('finds explicit constraints only', () => {
    expect(decideConstraints('Solve it in O(n log n) without using external libraries, and handle empty lists.')).toEqual([
      'time-space-complexity', 'restricted-features', 'robustness-edge-cases',
    ]);
    expect(decideConstraints('Write a function that adds two numbers.')).toEqual([]);
  });
});

describe('decideContext', () => {
  it('tags supplied material and respects the turn and tool signals', () => {
    const text = 'Here is my code:\n```js\nconst a = 1;\n```\nTypeError: a is not a function';
    expect(decideContext(text, [text], signals(), { repository: false })).toEqual(['code-snippet', 'error-message']);
    const follow = ['Write a sort function', 'now make it stable'];
    expect(decideContext(follow.join('\n'), follow, signals({ user_turns: 2 }), { repository: false })).toEqual(['multi-turn-dependency']);
    expect(decideContext('Hi', ['Hi'], signals({ has_tool_definitions: true }), { repository: true })).toEqual(['repository-access', 'tool-definitions']);
  });
});
