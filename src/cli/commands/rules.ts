import { UserError, findRule, ruleCatalog, type Severity } from '../../index';
import type { CliIO } from '../io';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

export async function runRules(_args: ParsedArgs, io: CliIO): Promise<number> {
  if (ruleCatalog.length === 0) {
    io.stdout(`${messages.noRules}\n`);
    return 0;
  }
  const rows: string[][] = [
    [...messages.rulesHeader],
    // Grouped by default severity, most severe first, then by id: the catalog's own order is the priority rules are chosen in (explain's concern, not a reader's).
    ...[...ruleCatalog]
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((rule) => [rule.id, rule.severity, messages.fixable(rule.fixable), rule.summary]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows) {
    io.stdout(`${row.map((cell, column) => (column < 3 ? cell.padEnd((widths[column] ?? 0) + 2) : cell)).join('').trimEnd()}\n`);
  }
  return 0;
}

export async function runExplain(args: ParsedArgs, io: CliIO): Promise<number> {
  const id = args.positionals[0];
  if (id === undefined) throw new UserError(messages.missingArgument('explain', 'a rule id'));
  const rule = findRule(id);
  if (!rule) throw new UserError(messages.unknownRule(id));
  io.stdout(`${messages.explainHeader(rule.id, rule.severity, rule.fixable)}\n${rule.summary}\n\n${rule.docs.trimEnd()}\n`);
  return 0;
}
