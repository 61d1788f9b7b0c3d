import type { Conversation } from '../../../conversation/index.js';
import type { Signals } from '../../../preprocess/index.js';

/** Hand-built signals (the preprocess stage is not needed to test the labeler). */
export function signals(patch: Partial<Signals> = {}): Signals {
  return {
    has_tool_calls: false, tool_call_count: 0, has_tool_definitions: false, user_turns: 1, code_block_count: 0,
    assistant_code_lines: 0, fence_languages: [], turns: 2, assistant_turns: 1, tool_turns: 0, observation_turns: 0,
    total_chars: 500, content_languages: [], action_protocols: [], ...patch,
  };
}

export const PYTHON_DEBUG: Conversation = {
  id: 'py-debug', format: 'openai', tools: [],
  turns: [
    {
      role: 'user',
      content:
        'My script crashes when I run it:\n```python\ndef average(xs):\n    return sum(xs) / len(xs)\n\nprint(average([]))\n```\n' +
        'Traceback (most recent call last):\n  File "avg.py", line 4, in <module>\n    print(average([]))\n  File "avg.py", line 2, in average\n' +
        '    return sum(xs) / len(xs)\nZeroDivisionError: division by zero',
    },
    { role: 'assistant', content: 'The list is empty, so len(xs) is 0. Guard it:\n```python\ndef average(xs):\n    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n```' },
  ],
};

export const JAVA_TO_KOTLIN: Conversation = {
  id: 'java-kotlin', format: 'sharegpt', tools: [],
  turns: [
    { role: 'user', content: 'Convert this Java class to Kotlin:\n```java\npublic class Point {\n  private final int x;\n  private final int y;\n  public Point(int x, int y) { this.x = x; this.y = y; }\n  public int getX() { return x; }\n}\n```' },
    { role: 'assistant', content: '```kotlin\ndata class Point(val x: Int, val y: Int)\n```' },
  ],
};

export const AGENT_TRAJECTORY: Conversation = {
  id: 'agent', format: 'openai',
  tools: [{ type: 'function', function: { name: 'bash' } }, { type: 'function', function: { name: 'str_replace_editor' } }],
  turns: [
    { role: 'system', content: 'You are a coding agent. Do not modify test files.' },
    { role: 'user', content: '<issue>\nparse_duration("90s") raises ValueError: invalid duration \'90s\' in our Flask service.\n</issue>' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'bash', arguments: '{"command":"grep -rn parse_duration app/"}' }] },
    { role: 'tool', content: 'app/utils/time.py:12:def parse_duration(s):', name: 'bash' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'str_replace_editor', arguments: '{"command":"view","path":"app/utils/time.py"}' }] },
    { role: 'tool', content: 'import re\nPATTERN = re.compile(r"(\\d+h)?(\\d+m)?")', name: 'str_replace_editor' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'str_replace_editor', arguments: '{"command":"create","path":"reproduce.py","file_text":"from app.utils.time import parse_duration\\nparse_duration(\'90s\')"}' }] },
    { role: 'tool', content: 'File created', name: 'str_replace_editor' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'bash', arguments: '{"command":"python reproduce.py"}' }] },
    { role: 'tool', content: 'Traceback (most recent call last):\nValueError: invalid duration', name: 'bash' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'str_replace_editor', arguments: '{"command":"str_replace","path":"app/utils/time.py","old_str":"(\\\\d+m)?","new_str":"(\\\\d+m)?(\\\\d+s)?"}' }] },
    { role: 'tool', content: 'edited', name: 'str_replace_editor' },
    { role: 'assistant', content: '', tool_calls: [{ name: 'bash', arguments: '{"command":"python -m pytest tests/test_time.py"}' }] },
    { role: 'tool', content: '3 passed', name: 'bash' },
    { role: 'assistant', content: 'Fixed: the pattern now accepts seconds.' },
  ],
};

export const CLOSURE_QUESTION: Conversation = {
  id: 'closure', format: 'sharegpt', tools: [],
  turns: [
    { role: 'user', content: 'What is a closure?' },
    { role: 'assistant', content: 'A closure is a function that remembers the variables of the scope it was created in, even after that scope has returned.' },
  ],
};
