/**
 * What svg-to-pdfkit and pdfkit do not take as vega writes it: a dash pattern with a zero length (vega's solid
 * `stroke-dasharray="1,0"`, which pdfkit refuses with an exception) and colors with alpha written `#RRGGBBAA` or
 * `#RGBA` (which svg-to-pdfkit does not parse, so the mark vanished).
 */

/**
 * The SVG with each dash pattern pdfkit can draw: one whose gaps are all zero is solid (the attribute is dropped),
 * one with a negative, unreadable or all-zero length is ignored as SVG says, and a zero-length dash (a dot with a
 * round cap) becomes a hair's length, since pdfkit refuses zero.
 */
export function drawableDashes(svg: string): string {
  return svg.replace(/\sstroke-dasharray="([^"]*)"/g, (whole, value: string) => {
    const parts = value
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    if (parts.length === 0 || value.trim() === 'none') return whole;
    const lengths = parts.map(Number);
    if (lengths.some((n) => !Number.isFinite(n) || n < 0)) return '';
    const full = lengths.length % 2 === 1 ? [...lengths, ...lengths] : lengths;
    if (full.every((n) => n === 0) || full.every((n, i) => i % 2 === 0 || n === 0)) return '';
    if (lengths.every((n) => n > 0)) return whole;
    return ` stroke-dasharray="${full.map((n) => (n === 0 ? 0.001 : n)).join(',')}"`;
  });
}

/** svg-to-pdfkit's color as [[r, g, b], opacity], for `#RRGGBBAA` and `#RGBA`; what it parsed itself is kept. */
export function colorWithAlpha(parsed: [number[], number] | undefined, raw: string): [number[], number] | undefined {
  if (parsed) return parsed;
  const hex = /^#([0-9a-f]{4}|[0-9a-f]{8})$/i.exec((raw ?? '').trim())?.[1];
  if (!hex) return parsed;
  const digits = hex.length === 4 ? [...hex].map((c) => c + c) : [0, 2, 4, 6].map((i) => hex.slice(i, i + 2));
  const [r, g, b, a] = digits.map((d) => parseInt(d, 16));
  return [[r!, g!, b!], a! / 255];
}
