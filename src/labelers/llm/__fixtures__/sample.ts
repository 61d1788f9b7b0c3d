import type { Conversation } from '../../../conversation/index.js';
import type { Signals } from '../../../preprocess/index.js';

/** A short Python conversation and its preprocessing signals, shared by the labeler and cascade tests. */
export const conversation: Conversation = {
  id: 's1',
  format: 'openai',
  tools: [],
  turns: [
    { role: 'user', content: 'Write a Python function that title-cases every word of a sentence.' },
    { role: 'assistant', content: '```python\ndef title(s):\n    return s.title()\n```' },
  ],
};

export const signals: Signals = {
  has_tool_calls: false,
  tool_call_count: 0,
  has_tool_definitions: false,
  user_turns: 1,
  code_block_count: 1,
  assistant_code_lines: 2,
  fence_languages: ['python'],
  turns: 2,
  assistant_turns: 1,
  tool_turns: 0,
  observation_turns: 0,
  total_chars: 120,
  content_languages: [],
  action_protocols: [],
};
