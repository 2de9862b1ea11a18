/**
 * Diagnostics: every user-facing problem is a located message with a rule id,
 * printed as `file:line:col  severity  message  rule` (vfile-message style).
 */
import path from 'node:path';

/** A place in a source file; line and column are 1-based. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Severity of a diagnostic: errors stop a build, warnings do not. */
export type Severity = 'error' | 'warning';

/** One located problem found in user input. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  rule: string;
  position: Position;
  /** Source lines around the position, with a caret, for template errors. */
  frame?: string;
}

/** Thrown to stop the pipeline with every problem found so far; never a bug. */
export class BriefError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(`${diagnostics.length} problem(s) in the brief`);
    this.name = 'BriefError';
    this.diagnostics = diagnostics;
  }
}

/** Collects diagnostics across a stage so that all problems are reported at once. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  /** Most errors kept per file (series.yaml `limits.maxErrorsPerFile`); the rest are counted. */
  maxPerFile = 50;
  private readonly perFile = new Map<string, number>();

  error(position: Position, message: string, rule: string): void {
    const n = (this.perFile.get(position.file) ?? 0) + 1;
    this.perFile.set(position.file, n);
    if (n <= this.maxPerFile) this.items.push({ severity: 'error', message, rule, position });
  }

  warn(position: Position, message: string, rule: string): void {
    this.items.push({ severity: 'warning', message, rule, position });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Throws a BriefError holding every diagnostic if any of them is an error, and a count of those not kept. */
  throwIfErrors(): void {
    if (!this.hasErrors) return;
    const more: Diagnostic[] = [...this.perFile]
      .filter(([, n]) => n > this.maxPerFile)
      .map(([file, n]) => ({
        severity: 'error',
        rule: 'limits/errors',
        position: { file, line: 1, column: 1 },
        message: `${n - this.maxPerFile} more errors found in this file are not shown (the first ${this.maxPerFile} are; raise limits.maxErrorsPerFile in series.yaml to see more)`,
      }));
    throw new BriefError(sortDiagnostics([...this.items, ...more]));
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
}

/** Orders diagnostics by file, then line, then column, so output is stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => a.position.file.localeCompare(b.position.file) || a.position.line - b.position.line || a.position.column - b.position.column);
}

/** Formats one diagnostic as `file:line:col  severity  message  rule`, file relative to cwd, safe to print on a terminal. */
export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const rel = path.isAbsolute(d.position.file) ? path.relative(cwd, d.position.file) || d.position.file : d.position.file;
  return printable(`${rel}:${d.position.line}:${d.position.column}  ${d.severity}  ${d.message}  ${d.rule}`);
}

// Control characters (C0 but tab and newline, DEL, C1) and the bidirectional overrides that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a brief made safe for a terminal: escape sequences and the like are shown as \u codes, never obeyed. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A code frame: the line at `line` and its neighbours, numbered, with a caret under `column`. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  const from = Math.max(1, line - 1);
  const to = Math.min(lines.length, line + 1);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`  ${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line) out.push(`    ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^`);
  }
  return out.join('\n');
}

/** A position at the start of a file, for problems that concern the whole file. */
export function fileStart(file: string): Position {
  return { file, line: 1, column: 1 };
}
