/**
 * Confidence you can act on: per-dimension thresholds chosen on gold by cross-fitting (`sft-label calibrate`), and
 * the escalation rule of cheap-then-strong cascades (run scoring, production labeling). Pure functions only.
 */
export { escalations, callDimensionsOf, escalationReason, type CallDimension, type Escalation, type LowDimension } from './escalate.js';
export { goldItems, type Answer } from './items.js';
export {
  proposeThresholds,
  chooseThreshold,
  type GoldItem,
  type ProposeOptions,
  type ProposalResult,
  type ThresholdProposal,
  type DimensionProposal,
  type Estimate,
} from './thresholds.js';
