/**
 * Guards on the functions of Vega's expression language that a hostile spec
 * could use to hang or exhaust a build: a regular expression with catastrophic
 * backtracking (checked by redos-detector before it runs), and strings or
 * sequences of any length. Why process-wide: Vega keeps one registry of
 * expression functions per process, so the guarded versions replace its own
 * once, when this module loads; only verdicts on patterns are remembered.
 */
import { isSafe } from 'redos-detector';
import * as vega from 'vega';
import { BoundedCache } from '../util/bounded-cache.js';

/** Longest string an expression may build, pad or search. */
export const MAX_EXPRESSION_STRING = 100_000;
/** Most values a sequence function may make. */
export const MAX_EXPRESSION_SEQUENCE = 1_000_000;

/** An expression refused by a guard; the message says what and why, for the figure's diagnostic. */
export class ExpressionRefused extends Error {
  override readonly name = 'ExpressionRefused';
}

const verdicts = new BoundedCache<string, boolean>(500);

/** Forgets the verdicts on patterns (the start-up snapshot carries no brief's content). */
export function forgetPatternVerdicts(): void {
  verdicts.clear();
}

/** The regular expression, when its matching time cannot explode with the input's length; else ExpressionRefused. */
export function checkedRegExp(pattern: unknown, flags?: unknown): RegExp {
  const re = pattern instanceof RegExp && flags === undefined ? pattern : new RegExp(pattern instanceof RegExp ? pattern.source : String(pattern), flags === undefined ? undefined : String(flags));
  const key = `${re.flags}/${re.source}`;
  let safe = verdicts.get(key);
  if (safe === undefined) {
    // Why a time limit: the analysis itself can take seconds on a pathological pattern; not proven safe in time means refused.
    safe = isSafe(re, { timeout: 250, maxSteps: 20_000 }).safe;
    verdicts.set(key, safe);
  }
  if (!safe)
    throw new ExpressionRefused(`the regular expression /${re.source}/ can take exponential time on some inputs (catastrophic backtracking); simplify it, e.g. without nested repetition like (a+)+`);
  return re;
}

function capped(value: unknown, what: string): string {
  const s = String(value);
  if (s.length > MAX_EXPRESSION_STRING)
    throw new ExpressionRefused(`${what} is ${s.length.toLocaleString('en-US')} characters long, over the ${MAX_EXPRESSION_STRING.toLocaleString('en-US')} an expression may handle`);
  return s;
}

function count(n: number, what: string): void {
  if (!(n <= MAX_EXPRESSION_SEQUENCE))
    throw new ExpressionRefused(
      `${what} would make ${Number.isFinite(n) ? Math.ceil(n).toLocaleString('en-US') : 'endless'} values, over the ${MAX_EXPRESSION_SEQUENCE.toLocaleString('en-US')} an expression may make`,
    );
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  milliseconds: 1,
  second: 1e3,
  seconds: 1e3,
  minute: 6e4,
  minutes: 6e4,
  hour: 36e5,
  hours: 36e5,
  day: 864e5,
  date: 864e5,
  dayofyear: 864e5,
  week: 6048e5,
  month: 2592e6,
  quarter: 7776e6,
  year: 31536e6,
};

type Fn = (...args: unknown[]) => unknown;
const fn = (name: string): Fn => vega.expressionFunction(name) as unknown as Fn;

/** Replaces Vega's expression functions with the guarded ones (idempotent). */
export function installExpressionGuards(): void {
  const registry = vega.expressionFunction as unknown as (name: string, f: Fn) => void;
  if ((fn('regexp') as { guarded?: boolean } | undefined)?.guarded) return;
  const pad = fn('pad');
  const replace = fn('replace');
  const sequence = fn('sequence');
  const timeSequence = fn('timeSequence');
  const utcSequence = fn('utcSequence');
  const guarded: Record<string, Fn> = {
    regexp: (pattern, flags) => checkedRegExp(pattern, flags),
    test: (re, s) => checkedRegExp(re).test(capped(s, 'the text to test')),
    split: (s, sep, limit) => capped(s, 'the text to split').split(sep instanceof RegExp ? checkedRegExp(sep) : String(sep), limit === undefined ? undefined : Number(limit)),
    replace: (s, pattern, repl) => {
      const out = replace(capped(s, 'the text to replace in'), pattern instanceof RegExp ? checkedRegExp(pattern) : pattern, repl);
      return capped(out, 'the replaced text');
    },
    pad: (s, length, ...rest) => {
      if (!(Number(length) <= MAX_EXPRESSION_STRING))
        throw new ExpressionRefused(`pad() to ${String(length)} characters is over the ${MAX_EXPRESSION_STRING.toLocaleString('en-US')} an expression may make`);
      return pad(capped(s, 'the text to pad'), length, ...rest);
    },
    sequence: (...args) => {
      const [start, stop, step] = args.length === 1 ? [0, Number(args[0]), 1] : [Number(args[0]), Number(args[1]), args[2] === undefined ? 1 : Number(args[2])];
      count((stop - start) / step, 'sequence()');
      return sequence(...args);
    },
    timeSequence: (unit, start, stop, step) => {
      count((+new Date(stop as never) - +new Date(start as never)) / (UNIT_MS[String(unit)] ?? 1) / (Number(step ?? 1) || 1), 'timeSequence()');
      return timeSequence(unit, start, stop, step);
    },
    utcSequence: (unit, start, stop, step) => {
      count((+new Date(stop as never) - +new Date(start as never)) / (UNIT_MS[String(unit)] ?? 1) / (Number(step ?? 1) || 1), 'utcSequence()');
      return utcSequence(unit, start, stop, step);
    },
  };
  for (const [name, f] of Object.entries(guarded)) {
    (f as { guarded?: boolean }).guarded = true;
    registry(name, f);
  }
}
