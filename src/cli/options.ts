/** Checks of command-line values: a wrong one is a located user error ("<command line>"), never a crash or a silent default. */
import { BriefError, type Diagnostic } from '../diagnostics/diagnostic.js';

/** A usage mistake as a diagnostic at the command line. */
export function usageError(message: string, rule = 'cli/usage'): Diagnostic {
  return { severity: 'error', rule, message, position: { file: '<command line>', line: 1, column: 1 } };
}

/** A parser for an option that takes a whole number from `min` to `max`. */
export function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new BriefError([usageError(`${option} takes a whole number from ${min} to ${max}, not "${value}"`, 'cli/option')]);
    return n;
  };
}

/** A parser for an option that takes one of `choices`. */
export function oneOf(option: string, choices: string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value)) throw new BriefError([usageError(`${option} takes ${choices.join(', ')}, not "${value}"`, 'cli/option')]);
    return value;
  };
}

/** A parser for a comma-separated list of audience tags. */
export function audienceList(value: string): string[] {
  const tags = value
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const bad = tags.find((t) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(t));
  if (!tags.length || bad !== undefined) throw new BriefError([usageError(`--for takes audience tags separated by commas (letters, digits, - and _), not "${value}"`, 'cli/option')]);
  return [...new Set(tags)];
}
