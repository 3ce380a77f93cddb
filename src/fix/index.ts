export { fixFiles, type FixOptions, type FixReport, type FixedSite, type ManualFix, type FileProblem, type OldKeyAdvice } from './fix-files';
export { generateKey, envLine } from './generate-key';
export { KEY_ALPHABET, MIN_KEY_LENGTH } from '../django/key-rules';
