/**
 * The HTML emitter, for the live preview: the deck's laid-out slides as
 * positioned boxes, and the memo's laid-out pages as one SVG each, so the
 * preview shows the PDF's own pages and page breaks. Every piece of brief text
 * is escaped; links go only to http(s) URLs and to anchors in the page.
 */
import type { Box, DeckLayout, DeckPara } from '../../8-layout/deck/types.js';
import type { MemoLayout, PageItem } from '../../8-layout/memo/types.js';
import type { FontFamily } from '../../text/font-set.js';

import { escapeHtml as esc } from '../../util/escape-html.js';

export { esc };

const safeUrl = (u: string) => (/^https?:\/\//i.test(u) ? u : '#');
const num = (n: number) => String(Math.round(n * 100) / 100);

/** The font files a page uses, each under its own CSS family name, served by the preview server as /fonts/<index>. */
export class FontFaces {
  readonly files: string[] = [];
  private readonly byFile = new Map<string, string>();
  private readonly styled: { family: string; weight: number; style: string; file: string }[] = [];

  /** The CSS family of one font file (memo pages name files directly). */
  file(file: string): string {
    let name = this.byFile.get(file);
    if (!name) {
      name = `bf${this.files.length}`;
      this.files.push(file);
      this.byFile.set(file, name);
    }
    return name;
  }

  /** Declares a family's four styles under its own name (slides name families). */
  family(f: FontFamily): void {
    if (this.styled.some((s) => s.family === f.name)) return;
    for (const [weight, style, file] of [
      [400, 'normal', f.regular],
      [700, 'normal', f.bold],
      [400, 'italic', f.italic],
      [700, 'italic', f.boldItalic],
    ] as const) {
      this.file(file);
      this.styled.push({ family: f.name, weight, style, file });
    }
  }

  /** The @font-face rules, given each file's URL. */
  css(url: (index: number) => string): string {
    const rules = this.files.map((f, i) => `@font-face{font-family:"bf${i}";src:url(${url(i)})}`);
    for (const s of this.styled) rules.push(`@font-face{font-family:"${esc(s.family)}";font-weight:${s.weight};font-style:${s.style};src:url(${url(this.files.indexOf(s.file))})}`);
    return rules.join('');
  }
}

/** Gives a chart SVG's ids a prefix, so two charts on one page keep their own clip paths and gradients. */
function isolate(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

/** A chart SVG resized into a box; its own size becomes its viewBox. */
function chartSvg(svg: string, prefix: string, attrs: string): string {
  const sized = svg.replace(/^(\s*(?:<\?xml[^>]*>\s*)?<svg\b[^>]*?)\s+width="([\d.]+)(?:px)?"\s+height="([\d.]+)(?:px)?"/, (_m, head: string, w: string, h: string) =>
    /viewBox=/.test(head) ? head : `${head} viewBox="0 0 ${w} ${h}"`,
  );
  return isolate(sized, prefix).replace(/^(\s*(?:<\?xml[^>]*>\s*)?<svg\b)/, `$1 ${attrs} preserveAspectRatio="xMidYMid meet"`);
}

/** The deck as HTML: one frame per slide, positioned in inches like the pptx. */
export function renderDeckHtml(deck: DeckLayout, faces: FontFaces): string {
  const m = deck.master;
  for (const f of deck.families) faces.family(f);
  const bannerDiv = (top: boolean) =>
    `<div class="banner" style="${top ? 'top:0' : 'bottom:0'};height:${m.bannerHeight}in;background:${m.banner.background};color:${m.banner.text}">${esc(m.marking)}</div>`;
  return deck.slides
    .map((s, i) => {
      const boxes = s.boxes.map((b, k) => box(b, `s${i}b${k}`)).join('');
      const title = s.title
        ? `<h2 class="slide-title" style="left:${m.marginX}in;top:${m.title.y}in;width:${num(m.title.w)}in;height:${m.title.h}in;font-size:${s.titleSize ?? m.title.size}pt;line-height:${num((s.titleSize ?? m.title.size) * m.lineFactor)}pt;color:${m.title.color};font-family:'${esc(m.title.family)}'">${esc(s.title)}</h2>`
        : '';
      const footer = `<div class="slide-footer" style="left:${m.marginX}in;top:${num(m.footer.y)}in;width:${num(m.width - 2 * m.marginX)}in;height:${m.footer.h}in;color:${m.footer.color};border-top:1px solid ${m.rule}"><span>${esc(m.footer.text)}</span><span>${i + 1}</span></div>`;
      const notes = s.notes.length ? `<details class="notes"><summary>Speaker notes</summary>${s.notes.map((n) => `<p>${esc(n).replace(/\n/g, '<br>')}</p>`).join('')}</details>` : '';
      return `<div class="slide-wrap"><section class="slide layout-${esc(s.layout)}" aria-label="Slide ${i + 1}" style="width:${num(m.width)}in;height:${m.height}in;background:${m.background};font-family:'${esc(m.family)}'">${bannerDiv(true)}${title}${boxes}${footer}${bannerDiv(false)}</section>${notes}</div>`;
    })
    .join('\n');
}

function paras(ps: DeckPara[]): string {
  return ps
    .map((p) => {
      const runs = p.runs
        .map((r) => {
          const style = [
            `font-family:'${esc(r.family)}'`,
            r.bold ? 'font-weight:700' : '',
            r.italic ? 'font-style:italic' : '',
            `color:${r.color}`,
            r.strike ? 'text-decoration:line-through' : r.underline ? 'text-decoration:underline' : '',
          ]
            .filter(Boolean)
            .join(';');
          const text = `<span style="${style}">${esc(r.text)}</span>`;
          return r.url ? `<a href="${esc(safeUrl(r.url))}" target="_blank" rel="noopener noreferrer">${text}</a>` : text;
        })
        .join('');
      return `<p class="${p.bullet ? `bullet level-${p.bullet}` : ''}" style="${p.align ? `text-align:${p.align};` : ''}${p.spaceAfterPt ? `margin-bottom:${p.spaceAfterPt}pt` : ''}">${runs}</p>`;
    })
    .join('');
}

function box(b: Box, id: string): string {
  const pos = `left:${num(b.x)}in;top:${num(b.y)}in;width:${num(b.w)}in;height:${num(b.h)}in`;
  switch (b.kind) {
    case 'text':
      return `<div class="box text" data-name="${esc(b.name)}" style="${pos};font-size:${b.fontSize}pt;line-height:${num(b.lineHeightPt)}pt;color:${b.color}">${paras(b.paras)}</div>`;
    case 'shape':
      return `<div class="box shape ${b.shape}" data-name="${esc(b.name)}" style="${pos};background:${b.fill}">${b.label ? `<span style="font-size:${b.label.fontSize}pt">${paras([{ runs: b.label.runs }])}</span>` : ''}</div>`;
    case 'chart':
      return `<figure class="box chart" data-name="${esc(b.name)}" style="${pos}" role="img" aria-label="${esc(b.alt)}">${chartSvg(b.chart.svg, id, 'width="100%" height="100%"')}</figure>`;
    case 'table': {
      const cols = b.colW.map((w) => `<col style="width:${num(w)}in">`).join('');
      const cell = (p: DeckPara, k: number, tag: 'th' | 'td') => `<${tag} style="text-align:${b.align[k] ?? 'left'}">${paras([p])}</${tag}>`;
      const head = `<tr style="background:${b.colors.header};color:${b.colors.headerText}">${b.header.map((p, k) => cell(p, k, 'th')).join('')}</tr>`;
      const rows = b.rows.map((r, i) => `<tr${i % 2 ? ` style="background:${b.colors.shade}"` : ''}>${r.map((p, k) => cell(p, k, 'td')).join('')}</tr>`).join('');
      return `<table class="box table" style="left:${num(b.x)}in;top:${num(b.y)}in;width:${num(b.w)}in;font-size:${b.fontSize}pt"><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    }
    default: {
      const never: never = b;
      throw new Error(`unknown box ${String(never)}`);
    }
  }
}

/** The memo as its laid-out pages: one SVG per page, the same pages and page breaks as the PDF. */
export function renderMemoHtml(memo: MemoLayout, faces: FontFaces): string {
  for (const f of memo.families) faces.family(f);
  return memo.pages
    .map((page, i) => {
      const items = page.items.map((it, k) => pageItem(it, faces, `p${i}i${k}`)).join('');
      const furniture = page.furniture.map((it, k) => pageItem(it, faces, `p${i}f${k}`)).join('');
      return `<section class="sheet" aria-label="${esc(page.label)}" style="width:${num(memo.width)}pt;height:${num(memo.height)}pt"><svg class="page" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(memo.width)} ${num(memo.height)}" width="100%" height="100%">${items}<g class="furniture" aria-hidden="true">${furniture}</g></svg></section>`;
    })
    .join('\n');
}

function pageItem(it: PageItem, faces: FontFaces, id: string): string {
  switch (it.kind) {
    case 'text': {
      const deco = (it.underline ? ' text-decoration="underline"' : it.strike ? ' text-decoration="line-through"' : '') + (it.artifact ? ' aria-hidden="true"' : '');
      // Why textLength: the browser shapes the same font a hair differently; each piece keeps its measured width.
      const text = `<text x="${num(it.x)}" y="${num(it.y)}" font-family="${faces.file(it.font)}" font-size="${it.size}" fill="${it.color}" textLength="${num(it.width)}" lengthAdjust="spacingAndGlyphs" xml:space="preserve"${deco}>${esc(it.text)}</text>`;
      if (it.url) return `<a href="${esc(safeUrl(it.url))}" target="_blank" rel="noopener noreferrer">${text}</a>`;
      if (it.goTo) return `<a href="#${esc(it.goTo)}">${text}</a>`;
      return text;
    }
    case 'rect':
      return `<rect x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}" fill="${it.fill ?? 'none'}"${it.stroke ? ` stroke="${it.stroke}" stroke-width="${it.lineWidth ?? 0.5}"` : ''}/>`;
    case 'line':
      return `<line x1="${num(it.x1)}" y1="${num(it.y1)}" x2="${num(it.x2)}" y2="${num(it.y2)}" stroke="${it.color}" stroke-width="${it.width}"/>`;
    case 'chart':
      return `<g role="img" aria-label="${esc(it.alt)}">${chartSvg(it.chart.svg, id, `x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}"`)}</g>`;
    case 'image':
      return it.format === 'svg'
        ? chartSvg(it.data.toString('utf8'), id, `x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}"`)
        : `<image x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}" href="data:image/png;base64,${it.data.toString('base64')}"/>`;
    case 'anchor':
      return `<g id="${esc(it.name)}" transform="translate(${num(it.x)} ${num(it.y)})"></g>`;
    case 'bookmark':
      return '';
    default: {
      const never: never = it;
      throw new Error(`unknown page item ${String(never)}`);
    }
  }
}
