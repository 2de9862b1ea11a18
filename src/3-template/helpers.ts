/** Handlebars helpers available to every template (documented in the README). */
import { likelihoodRanges, normalizeLikelihood } from '../2-validate/estimative.js';

type HelperOptions = { hash: Record<string, unknown> };

const dateFmt = (locale: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });

/** Formats an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); `style` is long (default), short or month. */
export function formatDate(value: unknown, locale = 'en-US', style = 'long'): string {
  const s = String(value ?? '');
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(s);
  if (!m) return s;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  if (!mo) return y!;
  if (!d || style === 'month') return dateFmt(locale, { year: 'numeric', month: 'long' }).format(date);
  if (style === 'short') return dateFmt(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
  return dateFmt(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(date);
}

/** Formats a number with grouping for the locale. */
export function formatNumber(value: unknown, locale = 'en-US', digits?: number): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** "likely (55–80%)": the term with its ICD 203 probability range. */
export function likelihoodWithRange(term: unknown): string {
  const { canonical } = normalizeLikelihood(String(term));
  const r = likelihoodRanges[canonical];
  return r ? `${String(term)} (${r[0]}–${r[1]}%)` : String(term);
}

/** The helpers, keyed by name, ready to register on a Handlebars instance. */
export const helpers: Record<string, (...args: unknown[]) => unknown> = {
  formatDate: (value: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatDate(value, (opts.hash.locale as string) ?? 'en-US', (opts.hash.style as string) ?? 'long');
  },
  formatNumber: (value: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatNumber(value, (opts.hash.locale as string) ?? 'en-US', opts.hash.digits as number | undefined);
  },
  upper: (value: unknown) => String(value).toUpperCase(),
  capitalize: (value: unknown) => {
    const s = String(value);
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  likelihoodRange: (term: unknown) => likelihoodWithRange(term),
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : String(list)),
  eq: (a: unknown, b: unknown) => a === b,
  plural: (count: unknown, singular: unknown, plural: unknown) => (Number(count) === 1 ? singular : plural),
};
