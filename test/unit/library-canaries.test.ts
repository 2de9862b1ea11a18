/**
 * Canaries for the places Briefsmith leans on a library's internals (both
 * libraries are pinned to an exact version in package.json). Each test fails
 * when the internal changes, so an upgrade is a decision, not a surprise.
 */
import path from 'node:path';
import * as fontkit from 'fontkit';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { FontBook } from '../../src/text/font-book.js';
import { repoRoot } from '../helpers/sample.js';

const font = path.join(repoRoot, 'node_modules', '@expo-google-fonts', 'tinos', '400Regular', 'Tinos_400Regular.ttf');

describe('fontkit (pinned): glyph objects are cached by id with the code points of their first request', () => {
  it('still keeps the first request’s code points, which is why FontBook gives each request its own', () => {
    const id = fontkit.openSync(font).glyphForCodePoint(0x2e).id; // '.', looked up in another instance
    const raw = fontkit.openSync(font);
    expect(raw.getGlyph(id).codePoints).toEqual([]); // asked first without code points, as a font subset does
    expect(raw.getGlyph(id, [0x2e]).codePoints).toEqual([]); // the cached object answers, with none
  });

  it('gets the right code points through FontBook, whoever asked first', () => {
    const id = fontkit.openSync(font).glyphForCodePoint(0x2e).id;
    const f = new FontBook().open(font);
    f.getGlyph(id); // as a PDF's font subset does, without code points
    expect(f.layout('a.b').glyphs.map((g) => g.codePoints)).toEqual([[0x61], [0x2e], [0x62]]);
  });
});

describe('fontkit (pinned): an empty glyph last in the glyf table has no readable box', () => {
  const carlito = path.join(repoRoot, 'node_modules', '@expo-google-fonts', 'carlito', '400Regular', 'Carlito_400Regular.ttf');
  it('still throws on the width of Carlito’s no-break space, which is why FontBook gives empty glyphs an empty box', () => {
    expect(() => fontkit.openSync(carlito).glyphForCodePoint(0xa0).advanceWidth).toThrow(RangeError);
  });

  it('measures and lays out the no-break space through FontBook', () => {
    const f = new FontBook().open(carlito);
    expect(f.glyphForCodePoint(0xa0).advanceWidth).toBe(f.glyphForCodePoint(0x20).advanceWidth);
    expect(f.layout('a\u00a0b').glyphs).toHaveLength(3);
  });
});

describe('vega (pinned): text is measured through textMetrics.width', () => {
  it('calls the width function Briefsmith installs when it lays out text marks', async () => {
    const tm = (vega as unknown as { textMetrics: { width: (item: unknown, text: string) => number } }).textMetrics;
    const original = tm.width;
    const seen: string[] = [];
    tm.width = (_item, text) => {
      seen.push(String(text));
      return 10;
    };
    try {
      const view = new vega.View(vega.parse({ width: 100, height: 50, marks: [{ type: 'text', encode: { enter: { text: { value: 'measured' }, limit: { value: 20 } } } }] }), { renderer: 'none' });
      await view.runAsync();
      await view.toSVG();
      view.finalize();
    } finally {
      tm.width = original;
    }
    expect(seen).toContain('measured');
  });
});
