// The public API: what the CLI and library users may import. Nothing else is exported.
export type * from './types';
export { analyzeFile, fileKindOf, type AnalysisOptions } from './engine/analyze';
export { secretOf, maskSecret } from './engine/secrets';
export { scan, type ScanOptions } from './scan';
export { formatReport, formatSummary, isBlocking, REPORT_FORMATS, type ReportFormat, type ReportOptions } from './reporters';
export { ruleCatalog, findRule, type RuleMeta } from './engine/rules';
export { UserError } from './errors';
export { checkGlobs } from './engine/globs';
export { installHook, uninstallHook } from './hooks/install';
export { selectPushedCommits, selectRange, selectReceivedCommits, type CommitSelection } from './hooks/push';
export { fixFiles } from './fix';
export { removeTempFiles } from './fix/write';
export { suggestFixes } from './fix/suggest';
export { generateKey, envLine } from './fix/generate-key';
export { loadConfig, type Config, type LoadedConfig } from './config';
export { readBaselineFile, writeBaselineFile } from './config/baseline-file';
export { createBaseline, type Baseline, type BaselineSource } from './engine/baseline';
