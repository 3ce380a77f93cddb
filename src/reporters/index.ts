// One entry point for every output format. Reporters are pure: a ScanResult
// and options in, a string out; the CLI decides where the string goes.
import type { ScanResult } from '../types';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import type { ReportOptions } from './shared';
import { formatText } from './text';

export { REPORT_FORMATS, isBlocking, type ReportFormat, type ReportOptions } from './shared';
export { formatSummary } from './text';

export function formatReport(result: ScanResult, options: ReportOptions): string {
  switch (options.format) {
    case 'text':
      return formatText(result, options);
    case 'json':
      return formatJson(result, options);
    case 'sarif':
      return formatSarif(result, options);
    case 'github':
      return formatGithub(result, options);
  }
}
