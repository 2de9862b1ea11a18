/**
 * Tick labels are never repeated: an axis whose number format rounds (",d", ".1f",
 * ".0%") gets ticks no closer than the format can tell apart, so counts of 0 to 3 are
 * labelled "0, 1, 2, 3" and not "0, 0, 1, 1, 2, 2, 3".
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const POSITION = ['x', 'y', 'x2', 'y2'] as const;
const UNSTEPPED_SCALES = new Set(['log', 'symlog', 'pow', 'sqrt', 'time', 'utc', 'band', 'point', 'ordinal']);

/**
 * The smallest step a d3 number format shows as distinct labels, or undefined when
 * it does not round to a fixed number of decimals (SI prefixes, significant digits).
 */
export function formatStep(format: string): number | undefined {
  const m = /^(?:.?[<>=^])?[-+ (]?[$#]?0?\d*,?(?:\.(\d+))?~?([a-zA-Z%]?)$/.exec(format);
  if (!m) return undefined;
  const precision = m[1] === undefined ? undefined : Number(m[1]);
  const type = m[2] ?? '';
  if (type === 'd') return 1;
  if (type === 'f') return 10 ** -(precision ?? 6);
  if (type === '%') return 10 ** -((precision ?? 6) + 2);
  return undefined;
}

/** Gives every quantitative position axis with a rounding format a matching tickMinStep (in place), unless the spec sets its ticks. */
export function stepTicks(spec: unknown): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      const enc = v.encoding;
      if (isObj(enc))
        for (const ch of POSITION) {
          const def = enc[ch];
          if (!isObj(def) || def.type !== 'quantitative' || !isObj(def.axis)) continue;
          const axis = def.axis;
          const scale = isObj(def.scale) ? def.scale : {};
          if (typeof axis.format !== 'string' || axis.formatType === 'time' || axis.formatType === 'utc') continue;
          if (axis.tickMinStep !== undefined || axis.values !== undefined) continue;
          if (typeof scale.type === 'string' && UNSTEPPED_SCALES.has(scale.type)) continue;
          const step = formatStep(axis.format);
          if (step !== undefined) axis.tickMinStep = step;
        }
      for (const [k, x] of Object.entries(v)) if (k !== 'data' && k !== 'encoding') walk(x);
    }
  };
  walk(spec);
}
