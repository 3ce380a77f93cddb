// The public API: what the CLI and library users may import. Nothing else is exported.
export type * from './types';
export { analyzeFile, fileKindOf, type AnalysisOptions } from './engine/analyze';
export { secretOf, maskSecret } from './engine/secrets';
