import { describe, expect, it } from 'vitest';
import { actionPurposes, decideAgentic } from './agentic.js';

const act = (name: string, args: string, failed = false) => ({ name, args, failed });

describe('actionPurposes', () => {
  it.each([
    [act('str_replace_editor', '{"command":"view","path":"a.py"}'), ['file-reading']],
    [act('str_replace_editor', '{"command":"create","path":"b.py"}'), ['file-creation']],
    [act('str_replace_editor', '{"command":"str_replace","path":"a.py"}'), ['file-editing']],
    [act('bash', '{"command":"cat a.py"}'), ['file-reading', 'shell-execution']],
    [act('bash', '{"command":"grep -rn foo ."}'), ['codebase-search', 'shell-execution']],
    [act('bash', '{"command":"pip install requests"}'), ['dependency-management', 'shell-execution']],
    [act('bash', '{"command":"git diff"}'), ['version-control-ops', 'shell-execution']],
    [act('bash', '{"command":"pytest -q"}'), ['test-execution', 'shell-execution']],
    [act('get_weather', '{"city":"Paris"}'), ['custom-function-calls']],
    [act('web_search', '{"query":"zod v4"}'), ['web-search']],
  ])('%j -> %j', (a, expected) => {
    expect(actionPurposes(a)).toEqual(expected);
  });
});

describe('decideAgentic', () => {
  it('detects two edit-then-run cycles, error recovery and questions to the user', () => {
    const tags = decideAgentic(
      [
        act('str_replace_editor', '{"command":"str_replace"}'),
        act('bash', '{"command":"python x.py"}', true),
        act('str_replace_editor', '{"command":"str_replace"}'),
        act('bash', '{"command":"python x.py"}'),
      ],
      { askedUser: true, plannedInText: false },
    );
    expect(tags).toEqual(expect.arrayContaining(['iterative-refinement', 'error-recovery', 'clarification-request']));
  });

  it('returns nothing for no actions, and no refinement for a single cycle', () => {
    expect(decideAgentic([], { askedUser: false, plannedInText: true })).toEqual([]);
    const one = decideAgentic([act('str_replace_editor', '{"command":"str_replace"}'), act('bash', '{"command":"pytest"}')], { askedUser: false, plannedInText: false });
    expect(one).not.toContain('iterative-refinement');
    expect(one).not.toContain('error-recovery');
  });
});
