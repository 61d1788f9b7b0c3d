/** Public surface of the mock OpenAI-compatible server (test and benchmark support). */
export {
  startMockServer,
  type MockServer,
  type MockServerOptions,
  type MockStats,
  type MockScript,
  type MockContext,
  type SeenRequest,
} from './server.js';
export { FAULT_KINDS, DEFAULT_FAULT_MIX, type FaultKind, type MockReply, type MockRequest } from './replies.js';
export { createMockBatches, type MockBatchOptions, type MockBatchScript, type MockBatchStats } from './batch.js';
export { SCHEMA_OPEN, SCHEMA_CLOSE, requestSchema, promptTagSchema } from './request.js';
export { generateFromSchema, nearMissTags, seededRng, type Rng } from './schema-gen.js';
export { PERSONAS, createPersona, type Persona, type PersonaName, type PersonaAnswer } from './personas.js';
