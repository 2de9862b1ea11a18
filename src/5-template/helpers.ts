/** Handlebars helpers available to every template (documented in the README). */
import Handlebars from 'handlebars';
import { confidenceLevels, likelihoodRanges, normalizeLikelihood, type Confidence } from '../2-validate/estimative.js';

type HelperOptions = { hash: Record<string, unknown>; data?: { locale?: string; root?: { series?: { language?: unknown } } } };

/**
 * The locale a helper formats in: its own `locale=` argument, else the run's locale (the series' language), else
 * the language of the series in the data (a template run without a locale still follows `language:`).
 */
const localeOf = (opts: HelperOptions): string => {
  const own = opts.hash.locale ?? opts.data?.locale ?? opts.data?.root?.series?.language;
  return typeof own === 'string' && own ? own : 'en-US';
};

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

/** Formats a ratio (0.25) as a percent ("25%") for the locale. */
export function formatPercent(value: unknown, locale = 'en-US', digits = 0): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** "40,000–60,000": a range with an en dash; one number when both ends are equal. */
export function formatRange(low: unknown, high: unknown, locale = 'en-US'): string {
  const lo = formatNumber(low, locale);
  const hi = formatNumber(high, locale);
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** "We assess with moderate confidence that …" style phrase pieces for a judgment's confidence. */
export function confidenceLabel(level: unknown): string {
  const l = String(level) as Confidence;
  return confidenceLevels.includes(l) ? `${l} confidence` : String(level);
}

const esc = (s: unknown) => Handlebars.escapeExpression(String(s));
type BlockOptions = HelperOptions & { fn: (ctx: unknown) => string; inverse: (ctx: unknown) => string };

/** The helpers, keyed by name, ready to register on a Handlebars instance. */
export const helpers: Record<string, (...args: unknown[]) => unknown> = {
  formatDate: (value: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatDate(value, localeOf(opts), (opts.hash.style as string) ?? 'long');
  },
  formatNumber: (value: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatNumber(value, localeOf(opts), opts.hash.digits as number | undefined);
  },
  formatPercent: (value: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatPercent(value, localeOf(opts), (opts.hash.digits as number) ?? 0);
  },
  range: (low: unknown, high: unknown, ...rest: unknown[]) => {
    const opts = rest.at(-1) as HelperOptions;
    return formatRange(low, high, localeOf(opts));
  },
  confidenceLabel: (level: unknown) => confidenceLabel(level),
  /** `{{cite "id1" "id2"}}` or `{{cite sources}}` → a citation element for the source ids. */
  cite: (...args: unknown[]) => {
    const ids = args
      .slice(0, -1)
      .flatMap((a) => (Array.isArray(a) ? a : String(a).split(/[\s,]+/)))
      .filter(Boolean);
    return new Handlebars.SafeString(`<cite ref="${esc(ids.join(' '))}"/>`);
  },
  /** `{{figure "id"}}` → the figure with its caption, chart and source line. */
  figure: (id: unknown) => new Handlebars.SafeString(`<figure ref="${esc(id)}"/>`),
  /** `{{#ifMarking "TLP:*"}}…{{else}}…{{/ifMarking}}`: true when the edition's marking matches (a trailing * matches a prefix). */
  ifMarking: function (this: unknown, pattern: unknown, options: unknown) {
    const o = options as BlockOptions & { data: { root: { marking: string } } };
    const marking = o.data.root.marking;
    const p = String(pattern);
    const hit = p.endsWith('*') ? marking.startsWith(p.slice(0, -1)) : marking === p;
    return hit ? o.fn(this) : o.inverse(this);
  },
  upper: (value: unknown) => String(value).toUpperCase(),
  capitalize: (value: unknown) => {
    const s = String(value);
    return s.charAt(0).toUpperCase() + s.slice(1);
  },
  likelihoodRange: (term: unknown) => likelihoodWithRange(term),
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : String(list)),
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{fullStop text}}` → "." unless the text already ends a sentence (before a note that follows it). */
  fullStop: (value: unknown) => (/[.!?…][)"'”’»]*$/.test(String(value).trim()) ? '' : '.'),
  plural: (count: unknown, singular: unknown, plural: unknown) => (Number(count) === 1 ? singular : plural),
};
