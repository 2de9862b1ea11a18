/**
 * Size limits on what a brief may make Briefsmith read, so an oversized or
 * hostile input is refused with a clear message instead of exhausting memory.
 * A series may raise or lower them in series.yaml under `limits`.
 */

/** The limits in force. */
export interface Limits {
  /** Largest YAML file read (bytes). */
  maxYamlBytes: number;
  /** Largest data file (CSV/JSON) a chart may read (bytes). */
  maxDataBytes: number;
  /** Most rows a chart's dataset may have. */
  maxDataRows: number;
  /** Most key judgments in an edition. */
  maxJudgments: number;
  /** Most figures in an edition. */
  maxFigures: number;
}

/** Defaults: generous for real briefs, far below what would hurt a laptop. */
export const defaultLimits: Limits = {
  maxYamlBytes: 5 * 1024 * 1024,
  maxDataBytes: 20 * 1024 * 1024,
  maxDataRows: 200_000,
  maxJudgments: 500,
  maxFigures: 100,
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
