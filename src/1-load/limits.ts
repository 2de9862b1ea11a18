/**
 * Size limits on what a brief may make Briefsmith read, so an oversized or
 * hostile input is refused with a clear message instead of exhausting memory.
 * A series may raise or lower them in series.yaml under `limits`.
 */

/** The limits in force. */
export interface Limits {
  /** Largest YAML file read (bytes); also the distribution list. */
  maxYamlBytes: number;
  /** Largest Vega-Lite spec file (bytes). */
  maxSpecBytes: number;
  /** Largest data file (CSV/JSON) a chart may read (bytes). */
  maxDataBytes: number;
  /** Largest template or partial (bytes). */
  maxTemplateBytes: number;
  /** Largest font file (bytes). */
  maxFontBytes: number;
  /** Largest logo or image a chart shows (bytes). */
  maxImageBytes: number;
  /** Largest organisation deck template (.pptx/.potx, bytes; its unpacked size may be four times this). */
  maxBaseBytes: number;
  /** Most rows in any dataset of a chart, inline, loaded or made by a transform. */
  maxDataRows: number;
  /** Most key judgments in an edition. */
  maxJudgments: number;
  /** Most figures in an edition. */
  maxFigures: number;
  /** Most pixels in a chart's picture (width × height at the drawing scale). */
  maxRasterPixels: number;
  /** Most problems reported for one file; the rest are counted. */
  maxErrorsPerFile: number;
  /** Most text a template may expand to (bytes), partials included. */
  maxTemplateOutputBytes: number;
  /** Longest one step of a build may take (seconds: reading, one chart, one output) before it is stopped. */
  maxStepSeconds: number;
}

/** Defaults: generous for real briefs, far below what would hurt a laptop. */
export const defaultLimits: Limits = {
  maxYamlBytes: 5 * 1024 * 1024,
  maxSpecBytes: 2 * 1024 * 1024,
  maxDataBytes: 20 * 1024 * 1024,
  maxTemplateBytes: 1024 * 1024,
  maxFontBytes: 32 * 1024 * 1024,
  maxImageBytes: 10 * 1024 * 1024,
  maxBaseBytes: 50 * 1024 * 1024,
  maxDataRows: 200_000,
  maxJudgments: 500,
  maxFigures: 100,
  maxRasterPixels: 40_000_000,
  maxErrorsPerFile: 50,
  maxTemplateOutputBytes: 10 * 1024 * 1024,
  maxStepSeconds: 60,
};

/** Limits from a series' raw `limits` value, falling back to the defaults for anything missing or invalid. */
export function limitsFrom(raw: unknown): Limits {
  const out = { ...defaultLimits };
  if (raw && typeof raw === 'object') {
    for (const k of Object.keys(defaultLimits) as (keyof Limits)[]) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
    }
  }
  return out;
}

/** A byte count for messages, e.g. "20 MB". */
export function bytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}
