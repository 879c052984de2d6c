// The model-provider seam's public surface: the run loop imports from here.
export * from './types';
export { resolveModelProvider, DEFAULT_MODELS, DEFAULT_MAX_OUTPUT_TOKENS, type ResolvedModel, type ModelEnv } from './resolve';
export { costUsd, worstCaseUsd, priceOf, DEFAULT_PRICE, type Cost, type ModelPrice } from './prices';
