/**
 * The HTML writer, for the live preview: the same document model as the deck
 * and the memo, as HTML. Slides are laid out by the deck's own layout stage, so
 * the preview shows the real slides; the memo flows into page-sized sheets in
 * the browser. Every piece of brief text is escaped.
 */
import type { Source } from '../../2-validate/brief.js';
import { likelihoodRanges, likelihoodTerms, confidenceMeanings, credibilityMeanings, reliabilityMeanings } from '../../2-validate/estimative.js';
import type { Block, BriefDocument, ChangeList, FigureBlock, Inline, JudgmentBlock, Table } from '../../6-document/types.js';
import type { FontSet } from '../../fonts/font-set.js';
import { bannerColors } from '../../2-validate/theme.js';
import { formatDate } from '../../5-template/helpers.js';
import { changeChip } from '../../6-document/change-chip.js';
import { layoutDeck, type Box, type Para } from '../deck-layout/layout-deck.js';
import { slideGeometry } from '../deck-layout/slide-geometry.js';

/** Escapes text for HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const safeUrl = (u: string) => (/^https?:\/\//i.test(u) ? u : '#');

/** The deck as HTML: one 16:9 (or 4:3) frame per slide, positioned in inches like the pptx. */
export function renderDeckHtml(doc: BriefDocument, fonts: FontSet): string {
  const g = slideGeometry(doc.theme, doc.deck.size);
  const banner = bannerColors(doc.theme, doc.meta.marking);
  const { colors } = doc.theme;
  const slides = layoutDeck(doc, fonts);
  const bannerDiv = (top: boolean) =>
    `<div class="banner" style="${top ? 'top:0' : 'bottom:0'};height:${g.bannerHeight}in;background:${banner.background};color:${banner.text}">${esc(doc.meta.marking)}</div>`;
  return slides
    .map((s, i) => {
      const boxes = s.boxes.map((b) => box(b, doc)).join('');
      const title = s.title ? `<h2 class="slide-title" style="left:${g.marginX}in;top:${g.titleY}in;width:${g.width - 2 * g.marginX - 0.7}in;height:${g.titleH}in;font-size:${doc.theme.sizes.slideTitle}pt;color:${colors.primary}">${esc(s.title)}</h2>` : '';
      const footer = `<div class="slide-footer" style="left:${g.marginX}in;top:${g.footerY}in;width:${g.width - 2 * g.marginX}in;height:${g.footerH}in;color:${colors.muted};border-top:1px solid ${colors.rule}"><span>${esc(doc.meta.seriesShortTitle)} · ${esc(formatDate(doc.meta.editionDate))}</span><span>${i + 1}</span></div>`;
      const notes = s.notes.length ? `<details class="notes"><summary>Speaker notes</summary>${s.notes.map((n) => `<p>${esc(n).replace(/\n/g, '<br>')}</p>`).join('')}</details>` : '';
      return `<div class="slide-wrap"><section class="slide layout-${esc(s.layout)}" aria-label="Slide ${i + 1}" style="width:${g.width}in;height:${g.height}in;background:${colors.background}">${bannerDiv(true)}${title}${boxes}${footer}${bannerDiv(false)}</section>${notes}</div>`;
    })
    .join('\n');
}

function paras(ps: Para[]): string {
  return ps
    .map((p) => {
      const runs = p.runs
        .map((r) => {
          const style = [r.bold ? 'font-weight:700' : '', r.italic ? 'font-style:italic' : '', r.color ? `color:${r.color}` : ''].filter(Boolean).join(';');
          const text = `<span${style ? ` style="${style}"` : ''}>${esc(r.text)}</span>`;
          return r.link ? `<a href="${esc(safeUrl(r.link))}" target="_blank" rel="noopener noreferrer">${text}</a>` : text;
        })
        .join('');
      return `<p class="${p.bullet ? 'bullet' : ''}" style="${p.align ? `text-align:${p.align};` : ''}${p.spaceAfterPt ? `margin-bottom:${p.spaceAfterPt}pt` : ''}">${runs}</p>`;
    })
    .join('');
}

function box(b: Box, doc: BriefDocument): string {
  const pos = `left:${b.x}in;top:${b.y}in;width:${b.w}in;height:${b.h}in`;
  switch (b.kind) {
    case 'text':
      return `<div class="box text" data-name="${esc(b.name)}" style="${pos};font-size:${b.fontSize}pt;color:${b.color}${b.fill ? `;background:${b.fill}` : ''}">${paras(b.paras)}</div>`;
    case 'shape':
      return `<div class="box shape ${b.shape}" data-name="${esc(b.name)}" style="${pos};background:${b.fill}">${b.label ? `<span style="color:${b.label.color};font-size:${b.label.fontSize}pt;${b.label.bold ? 'font-weight:700' : ''}">${esc(b.label.text)}</span>` : ''}</div>`;
    case 'image':
      return `<figure class="box chart" data-name="${esc(b.name)}" style="${pos}" role="img" aria-label="${esc(b.figure.alt)}">${b.figure.chart.svg}</figure>`;
    case 'table': {
      const cols = b.colW.map((w) => `<col style="width:${w}in">`).join('');
      const cell = (p: Para, k: number, tag: 'th' | 'td') => `<${tag} style="text-align:${b.numeric[k] ? 'right' : 'left'}">${paras([p])}</${tag}>`;
      const head = `<tr style="background:${doc.theme.colors.primary};color:#fff">${b.header.map((p, k) => cell(p, k, 'th')).join('')}</tr>`;
      const rows = b.rows.map((r, i) => `<tr${i % 2 ? ` style="background:${doc.theme.colors.panel}"` : ''}>${r.map((p, k) => cell(p, k, 'td')).join('')}</tr>`).join('');
      return `<table class="box table" style="left:${b.x}in;top:${b.y}in;width:${b.w}in;font-size:${b.fontSize}pt"><colgroup>${cols}</colgroup><thead>${head}</thead><tbody>${rows}</tbody></table>`;
    }
    default: {
      const never: never = b;
      throw new Error(`unknown box ${String(never)}`);
    }
  }
}

/** The memo as HTML: header block and sections, flowed into sheets by the preview page. */
export function renderMemoHtml(doc: BriefDocument): string {
  const m = doc.memo.header;
  const pm = doc.meta.portionMark;
  const numbers = new Map(doc.sources.map((s) => [s.id, s.number]));
  const inline = (children: Inline[]): string =>
    children
      .map((n) => {
        switch (n.type) {
          case 'text':
            return esc(n.value);
          case 'strong':
            return `<strong>${inline(n.children)}</strong>`;
          case 'emphasis':
            return `<em>${inline(n.children)}</em>`;
          case 'link':
            return `<a href="${esc(safeUrl(n.url))}" target="_blank" rel="noopener noreferrer">${inline(n.children)}</a>`;
          case 'cite':
            return cite(n.sourceIds);
          default: {
            const never: never = n;
            throw new Error(`unknown inline ${String(never)}`);
          }
        }
      })
      .join('');
  const cite = (ids: string[]) => `&nbsp;[${ids.map((id) => (numbers.has(id) ? `<a href="#source-${numbers.get(id)}">${numbers.get(id)}</a>` : '?')).join(',&nbsp;')}]`;
  const portion = `<strong class="portion">(${esc(pm)})</strong> `;
  const judgment = ({ judgment: j, mode }: JudgmentBlock) => {
    const [lo, hi] = likelihoodRanges[j.likelihoodCanonical];
    if (mode === 'summary') return `<p class="kj"><strong>${j.number}. ${portion}${esc(j.statement)}</strong> <em class="estimate">— ${esc(j.likelihood)}; ${esc(j.confidence)} confidence.</em></p>`;
    return `<div class="flow-block"><h3><span class="kj-label">Judgment ${j.number}:</span> ${esc(j.statement)}</h3><p class="estimate"><em>Likelihood: ${esc(j.likelihood)} (${lo}–${hi}%). Confidence: ${esc(j.confidence)}.</em></p><ul>${j.evidence.map((e) => `<li>${portion}${esc(e.text)}${cite(e.sourceIds)}</li>`).join('')}</ul>${j.discussion ? `<p>${portion}${esc(j.discussion)}</p>` : ''}</div>`;
  };
  const figure = (b: FigureBlock) =>
    `<figure class="memo-figure flow-block" aria-label="${esc(b.alt)}"><figcaption><strong>Figure ${b.figure.number}. ${esc(b.figure.title)}</strong></figcaption><div class="chart" role="img" aria-label="${esc(b.alt)}">${b.chart.svg}</div><p>${portion}${esc(b.figure.takeaway)}</p><p class="source-line">${esc(b.figure.sourceLine)}</p></figure>`;
  const table = (t: Table) =>
    `<table class="memo-table flow-block"><caption><strong>Table ${t.number}. ${esc(t.caption ?? '')}</strong></caption><thead><tr>${t.header.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c, k) => `<td${t.numeric[k] ? ' class="num"' : ''}>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const source = (s: Source) =>
    `<li id="source-${s.number}"><strong>[${s.number}]</strong> ${esc(s.publisher)}. <em>${esc(s.title)}</em>.${s.date ? ` ${esc(formatDate(s.date))}.` : ''} Grade ${esc(s.grade)} (${esc(reliabilityMeanings[s.reliability])}; ${esc(credibilityMeanings[s.credibility])}).${s.url ? ` <a href="${esc(safeUrl(s.url))}" target="_blank" rel="noopener noreferrer">${esc(s.url)}</a>` : ''}</li>`;
  const changes = (c: ChangeList) =>
    c.items.length === 0
      ? `<p>${portion}${c.since ? `No changes since edition ${esc(c.since)}.` : 'This is the first edition of the series.'}</p>`
      : `<ul class="changes">${c.items
          .map((it) => {
            const chip = changeChip(it, doc);
            return `<li><span class="chip" style="background:${chip.color}">${chip.label}</span> <strong>${esc(it.text)}:</strong> ${esc(it.subject)}${it.details.length ? ` <span class="muted">(${esc(it.details.join('; '))})</span>` : ''}${it.note ? ` <em>Note: ${esc(it.note)}</em>` : ''}</li>`;
          })
          .join('')}</ul>`;
  const estimative = () =>
    `<div class="estimative flow-block"><p>Likelihood terms (ICD 203) express the probability of an event; confidence expresses the quality of the sources and reasoning behind a judgment.</p><ul class="terms">${likelihoodTerms.map((t) => `<li>${esc(t)}: ${likelihoodRanges[t][0]}–${likelihoodRanges[t][1]}%</li>`).join('')}</ul>${(['high', 'moderate', 'low'] as const).map((c) => `<p><strong>${c[0]!.toUpperCase()}${c.slice(1)} confidence:</strong> ${esc(confidenceMeanings[c])}</p>`).join('')}</div>`;
  const block = (b: Block): string => {
    switch (b.type) {
      case 'paragraph':
        return `<p>${b.portion ? `<strong class="portion">(${esc(b.portion)})</strong> ` : ''}${inline(b.children)}</p>`;
      case 'heading':
        return `<h${b.depth + 1}>${inline(b.children)}</h${b.depth + 1}>`;
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`;
      case 'judgment':
        return judgment(b);
      case 'figure':
        return figure(b);
      case 'sourceList':
        return `<ol class="sources">${b.sources.map(source).join('')}</ol>`;
      case 'table':
        return table(b);
      case 'changes':
        return changes(b);
      case 'estimativeBox':
        return estimative();
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  };
  const header = `<div class="memo-header flow-block"><p class="org">${esc(doc.meta.organisation.toUpperCase())}</p><p class="series">${esc(doc.meta.seriesTitle)}</p><dl><dt>MEMORANDUM FOR</dt><dd>${esc(m.memoFor)}</dd><dt>FROM</dt><dd>${esc(m.from)}</dd><dt>DATE</dt><dd>${esc(m.date)}</dd><dt>SUBJECT</dt><dd>${esc(m.subject)}</dd></dl></div>`;
  const sections = doc.memo.sections.map((s) => `<h2 id="section-${esc(s.id)}">${esc(s.title.toUpperCase())}</h2>${s.blocks.map(block).join('')}`).join('');
  return `${header}${sections}`;
}

/** Page and marking data the preview page needs to draw sheets. */
export function memoPageInfo(doc: BriefDocument): { width: string; height: string; marking: string; banner: { background: string; text: string }; footer: string } {
  const letter = doc.theme.page === 'LETTER';
  return { width: letter ? '8.5in' : '210mm', height: letter ? '11in' : '297mm', marking: doc.meta.marking, banner: bannerColors(doc.theme, doc.meta.marking), footer: `${doc.meta.seriesShortTitle} · Edition ${doc.meta.editionId} · ${formatDate(doc.meta.editionDate)}` };
}
