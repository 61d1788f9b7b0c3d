import { describe, expect, it } from 'vitest';
import { countLines, findCodeBlocks, textOutside } from './blocks.js';
import { extensionOf, fileWriteOf, findTextActions, isObservationText, sweAgentCommand, systemDeclaresTools } from './protocols.js';

describe('isObservationText', () => {
  it.each([
    'OBSERVATION:\nfile.py',
    'Observation:\nOut[1]: 2',
    'Execution result: \n42',
    'EXECUTION RESULT of [execute_ipython_cell]:\nok',
    '<returncode>0</returncode>\n<output>\n</output>',
    'a.py\n\n(Open file: n/a)\n(Current directory: /repo)\nbash-$',
  ])('recognises %j', (text) => expect(isObservationText(text)).toBe(true));

  it('leaves human messages alone', () => {
    expect(isObservationText('Thanks! What about the observation that x > 3?')).toBe(false);
    expect(isObservationText('The result of execution: I got an error')).toBe(false);
  });
});

describe('systemDeclaresTools', () => {
  it('finds function lists, SWE-agent command docs and JSON schemas, not plain instructions', () => {
    expect(systemDeclaresTools('You have access to the following functions:\n---- BEGIN FUNCTION #1: bash ----')).toBe(true);
    expect(systemDeclaresTools('COMMANDS:\nopen:\n  docstring: opens\n  signature: open <path>')).toBe(true);
    expect(systemDeclaresTools('{"name": "f", "parameters": {"type": "object"}}')).toBe(true);
    expect(systemDeclaresTools('You are a helpful assistant. Reply with one bash block.')).toBe(false);
  });
});

describe('findTextActions', () => {
  it('parses <function=...> parameters and <execute> bodies in order', () => {
    const text = 'x <execute>\nprint(1)\n</execute> y <function=str_replace_editor>\n<parameter=command>create</parameter>\n<parameter=path>/a.py</parameter>\n</function>';
    const actions = findTextActions(text);
    expect(actions.map((a) => [a.protocol, a.name])).toEqual([
      ['execute-tag', 'execute'],
      ['function-xml', 'str_replace_editor'],
    ]);
    expect(actions[1]?.params).toEqual({ command: 'create', path: '/a.py' });
  });
});

describe('fileWriteOf', () => {
  it('takes written content and path, skips views, falls back to the current file', () => {
    expect(fileWriteOf({ command: 'create', path: 'a.py', file_text: 'x' }, undefined)).toEqual({ path: 'a.py', content: 'x' });
    expect(fileWriteOf({ command: 'view', path: 'a.py' }, undefined)).toBeUndefined();
    expect(fileWriteOf({ replacement_text: 'y' }, 'b.js')).toEqual({ path: 'b.js', content: 'y' });
  });
});

describe('sweAgentCommand', () => {
  it('reads open/create paths and edit bodies', () => {
    expect(sweAgentCommand('open src/x.py 40')).toEqual({ opened: 'src/x.py' });
    expect(sweAgentCommand('edit 5:6\n  a = 1\n  b = 2\nend_of_edit')).toEqual({ edit: '  a = 1\n  b = 2' });
  });
});

describe('extensionOf', () => {
  it('gives extensions and special names', () => {
    expect(extensionOf('/r/src/app.test.ts')).toBe('ts');
    expect(extensionOf('Dockerfile')).toBe('dockerfile');
    expect(extensionOf('README')).toBeUndefined();
  });
});

describe('findCodeBlocks', () => {
  it('finds labelled and unlabelled fences and multi-line <code> tags', () => {
    const text = 'a\n```Python\nx = 1\n```\nb\n```\nls\n```\n<code>\nint x;</code>';
    expect(findCodeBlocks(text).map((b) => [b.label, b.body])).toEqual([
      ['python', 'x = 1'],
      ['', 'ls'],
      ['', '\nint x;'],
    ]);
    expect(textOutside(text, findCodeBlocks(text))).toBe('a\nb\n');
  });
});

describe('countLines', () => {
  it('counts non-empty lines', () => {
    expect(countLines('a\n\n  b\n')).toBe(2);
    expect(countLines('')).toBe(0);
  });
});
