/**
 * How a chart tells its rows apart and what it measures, read from its spec's
 * encodings: the edition comparison names a changed row by its categories,
 * series and dates, and a changed value by the spec's title for it.
 */
import type { DataModel } from '../3-editions/compare-editions.js';

type Encoding = { field?: unknown; type?: unknown; title?: unknown; axis?: { title?: unknown } | null; aggregate?: unknown; timeUnit?: unknown };

const KEY_CHANNELS = ['x', 'y', 'color', 'row', 'column', 'facet', 'detail', 'xOffset', 'yOffset', 'shape', 'strokeDash', 'theta', 'text'];
// Colour and opacity measure too: a heatmap's only number is its colour.
const VALUE_CHANNELS = ['x', 'y', 'x2', 'y2', 'theta', 'radius', 'size', 'text', 'color', 'fill', 'opacity'];

/** The data model of a spec, or undefined when its encodings name no field to compare by. */
export function dataModelOf(spec: unknown): DataModel | undefined {
  const keys: DataModel['keys'] = [];
  const values: DataModel['values'] = [];
  const units: Record<string, unknown>[] = [];
  const collect = (u: unknown) => {
    if (!u || typeof u !== 'object') return;
    const o = u as Record<string, unknown>;
    // A layer or concatenated view with its own data measures something else.
    if (units.length > 0 && o.data) return;
    units.push(o);
    for (const k of ['layer', 'hconcat', 'vconcat', 'concat']) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach(collect);
    if (o.spec) collect(o.spec);
  };
  collect(spec);
  // A text channel names rows only with a field no axis plots (a label, an event), not the number it prints.
  const plotted = new Set(
    units.flatMap((u) =>
      Object.entries((u.encoding ?? {}) as Record<string, Encoding>)
        .filter(([ch, e]) => ch !== 'text' && e && typeof e.field === 'string')
        .map(([, e]) => e.field as string),
    ),
  );
  for (const u of units) {
    const enc = (u.encoding ?? {}) as Record<string, Encoding | Encoding[]>;
    const facet = (u.facet && typeof u.facet === 'object' ? u.facet : {}) as Record<string, Encoding>;
    const all: [string, Encoding][] = [
      ...Object.entries(enc).flatMap(([ch, e]) => (Array.isArray(e) ? e.map((x): [string, Encoding] => [ch, x]) : [[ch, e] as [string, Encoding]])),
      ...Object.entries(facet).map(([ch, e]): [string, Encoding] => [ch, e]),
      ...(typeof (facet as Encoding).field === 'string' ? [['facet', facet as Encoding] as [string, Encoding]] : []),
    ];
    for (const [ch, e] of all) {
      if (!e || typeof e.field !== 'string') continue;
      const field = e.field;
      if (e.type === 'quantitative' && VALUE_CHANNELS.includes(ch)) {
        if (!values.some((v) => v.field === field)) values.push({ field, title: titleOf(e) ?? field });
      } else if (
        (e.type === 'nominal' || e.type === 'ordinal' || e.type === 'temporal' || (ch === 'text' && e.type === undefined)) &&
        KEY_CHANNELS.includes(ch) &&
        !(ch === 'text' && plotted.has(field))
      ) {
        if (!keys.some((k) => k.field === field)) keys.push({ field, temporal: e.type === 'temporal' || e.timeUnit !== undefined, ...(ch === 'text' ? { label: true } : {}) });
      }
    }
  }
  return keys.length > 0 && values.length > 0 ? { keys, values } : undefined;
}

function titleOf(e: Encoding): string | undefined {
  const t = e.axis && typeof e.axis === 'object' && typeof e.axis.title === 'string' ? e.axis.title : e.title;
  return typeof t === 'string' && t.trim() ? t : undefined;
}
