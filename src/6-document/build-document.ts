/**
 * Stage 4, document: turns the merged template markup into the typed document
 * model, resolving references (judgments, figures, sources) against the brief.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import type { Brief } from '../2-validate/brief.js';
import type { RenderedChart } from '../4-charts/render-chart.js';
import type { Change } from '../3-editions/compare-editions.js';
import { releasable } from '../2-validate/release.js';
import type { MarkupElement, MarkupNode } from './parse-markup.js';
import { slideLayouts, type Block, type BriefDocument, type Deck, type Inline, type Memo, type Section, type Slide, type SlideLayout } from './types.js';

/** Portion mark for a banner marking, e.g. UNCLASSIFIED → U. */
export function portionMarkFor(marking: string): string {
  const table: Record<string, string> = {
    UNCLASSIFIED: 'U',
    'UNCLASSIFIED//FOUO': 'U//FOUO',
    CUI: 'CUI',
    CONFIDENTIAL: 'C',
    SECRET: 'S',
    'TOP SECRET': 'TS',
  };
  return table[marking] ?? marking;
}

/** Inputs of the document stage. */
export interface DocumentInputs {
  brief: Brief;
  deck: MarkupElement;
  memo: MarkupElement;
  charts: Map<string, RenderedChart>;
  /** Changes since the previous edition (empty for a first edition). */
  changes?: { since?: string; items: Change[] };
  /** The reader's audiences; markup with `releasable-to` other audiences is left out. Undefined: the full product. */
  audiences?: readonly string[];
}

/** Builds the document model; unknown elements and references are reported, all at once. */
export function buildDocument({ brief, deck, memo, charts, changes, audiences }: DocumentInputs, sink: DiagnosticSink): BriefDocument {
  const b = new Builder(brief, charts, sink, changes ?? { items: [] }, audiences);
  const doc: BriefDocument = {
    type: 'briefDocument',
    meta: {
      seriesId: brief.series.id,
      seriesTitle: brief.series.title,
      seriesShortTitle: brief.series.shortTitle,
      organisation: brief.series.organisation,
      editionId: brief.edition.id,
      editionDate: brief.edition.date,
      title: brief.edition.title,
      subject: brief.edition.subject,
      authors: brief.edition.authors,
      language: brief.series.language,
      marking: brief.edition.marking,
      portionMark: portionMarkFor(brief.edition.marking),
      keywords: [brief.series.title, brief.edition.id, ...brief.judgments.map((j) => j.id)],
      pdfa: brief.series.pdfa,
    },
    theme: brief.theme,
    sources: brief.sources,
    deck: b.deck(deck),
    memo: b.memo(memo),
  };
  sink.throwIfErrors();
  return doc;
}

const inlineElements = ['b', 'i', 'a', 'cite'];

class Builder {
  private tables = 0;
  constructor(
    private readonly brief: Brief,
    private readonly charts: Map<string, RenderedChart>,
    private readonly sink: DiagnosticSink,
    private readonly changes: { since?: string; items: Change[] },
    private readonly audiences: readonly string[] | undefined,
  ) {}

  deck(root: MarkupElement): Deck {
    this.expectName(root, 'deck');
    this.tables = 0;
    const slides: Slide[] = [];
    for (const el of this.elements(root, ['slide'])) {
      const layout = this.attr(el, 'layout', true, slideLayouts) as SlideLayout | undefined;
      if (!layout) continue;
      const notes: string[] = [];
      const blocks: Block[] = [];
      for (const child of this.elements(el, ['p', 'h2', 'list', 'judgment', 'figure', 'table', 'changes', 'sources', 'notes'])) {
        if (child.name === 'notes') notes.push(plainText(child));
        else blocks.push(...this.block(child));
      }
      slides.push({ type: 'slide', layout, title: this.attr(el, 'title', layout !== 'title') ?? '', subtitle: el.attrs.subtitle, blocks, notes, position: el.position });
    }
    return { type: 'deck', slides, position: root.position };
  }

  memo(root: MarkupElement): Memo {
    this.expectName(root, 'memo');
    this.tables = 0;
    const e = this.brief.edition;
    const s = this.brief.series;
    let header: Memo['header'] = { memoFor: s.memoFor, from: s.memoFrom, date: e.date, subject: e.subject };
    const sections: Section[] = [];
    for (const el of this.elements(root, ['header', 'section'])) {
      if (el.name === 'header') {
        header = { memoFor: el.attrs.for ?? header.memoFor, from: el.attrs.from ?? header.from, date: el.attrs.date ?? header.date, subject: el.attrs.subject ?? header.subject };
        continue;
      }
      const title = this.attr(el, 'title', true) ?? '';
      const blocks: Block[] = [];
      for (const child of this.elements(el, ['p', 'h2', 'h3', 'list', 'judgment', 'figure', 'table', 'changes', 'sources', 'estimative-box'])) blocks.push(...this.block(child));
      sections.push({ type: 'section', id: el.attrs.id ?? slug(title), title, blocks, position: el.position });
    }
    return { type: 'memo', header, sections, position: root.position };
  }

  private block(el: MarkupElement): Block[] {
    const position = el.position;
    switch (el.name) {
      case 'p': {
        const children = this.inlines(el);
        return children.length ? [{ type: 'paragraph', portion: el.attrs.portion || undefined, children, position }] : [];
      }
      case 'h2':
      case 'h3':
        return [{ type: 'heading', depth: el.name === 'h2' ? 2 : 3, children: this.inlines(el), position }];
      case 'list':
        return [{ type: 'list', ordered: el.attrs.ordered === 'true', items: this.elements(el, ['item']).map((i) => this.inlines(i)), position }];
      case 'judgment': {
        const id = this.attr(el, 'ref', true);
        const judgment = this.brief.judgments.find((j) => j.id === id);
        if (!judgment) {
          if (id)
            this.sink.error(
              position,
              messages.unknownJudgment(
                id,
                this.brief.judgments.map((j) => j.id),
              ),
              'template/unknown-ref',
            );
          return [];
        }
        const mode = (this.attr(el, 'mode', false, ['summary', 'full']) ?? 'summary') as 'summary' | 'full';
        return [{ type: 'judgment', mode, judgment, position: judgment.position }];
      }
      case 'figure': {
        const id = this.attr(el, 'ref', true);
        const figure = this.brief.figures.find((f) => f.id === id);
        const chart = id ? this.charts.get(id) : undefined;
        if (!figure || !chart) {
          if (id && !figure)
            this.sink.error(
              position,
              messages.unknownFigure(
                id,
                this.brief.figures.map((f) => f.id),
              ),
              'template/unknown-ref',
            );
          return [];
        }
        const alt = [`Figure ${figure.number}: ${figure.title}.`, figure.description, chart.summary].filter(Boolean).join(' ');
        return [{ type: 'figure', figure, chart, alt, position: figure.position }];
      }
      case 'sources':
        return [{ type: 'sourceList', sources: this.brief.sources, position }];
      case 'table': {
        const rowEls = this.elements(el, ['tr']);
        const cells = rowEls.map((tr) => this.elements(tr, ['th', 'td']).map((c) => this.inlines(c)));
        const headerRow = rowEls[0] && rowEls[0].children.some((c) => c.kind === 'element' && c.name === 'th') ? cells.shift() : undefined;
        if (!headerRow) {
          this.sink.error(position, messages.markupMissingAttribute('table', 'first <tr> of <th> cells: a header row'), 'template/markup');
          return [];
        }
        const width = headerRow.length;
        rowEls.slice(1).forEach((tr, i) => {
          if (cells[i]!.length !== width) this.sink.error(tr.position, `table row has ${cells[i]!.length} cells; the header has ${width}`, 'template/markup');
        });
        const text = (c: Inline[]) =>
          c
            .map((n) => (n.type === 'text' ? n.value : ''))
            .join('')
            .trim();
        const numeric = headerRow.map((_, k) => cells.length > 0 && cells.every((r) => /^[-+−]?[\d,.]+%?$|^[-+−]?[\d,.]+[–-][\d,.]+%?$/.test(text(r[k] ?? []))));
        return [{ type: 'table', number: ++this.tables, caption: el.attrs.caption, header: headerRow, rows: cells, numeric, position }];
      }
      case 'changes':
        return [{ type: 'changes', since: this.changes.since, items: this.changes.items, position }];
      case 'estimative-box':
        return [{ type: 'estimativeBox', position }];
      default:
        return [];
    }
  }

  private inlines(el: MarkupElement): Inline[] {
    const out: Inline[] = [];
    for (const node of el.children) {
      if (node.kind === 'text') {
        out.push({ type: 'text', value: node.value.replace(/\s+/g, ' ') });
        continue;
      }
      if (!inlineElements.includes(node.name)) {
        this.sink.error(node.position, messages.markupUnknownElement(node.name, el.name, inlineElements), 'template/markup');
        continue;
      }
      if (node.name === 'b') out.push({ type: 'strong', children: this.inlines(node), position: node.position });
      else if (node.name === 'i') out.push({ type: 'emphasis', children: this.inlines(node), position: node.position });
      else if (node.name === 'a') out.push({ type: 'link', url: this.attr(node, 'href', true) ?? '', children: this.inlines(node), position: node.position });
      else if (node.name === 'cite') {
        const ids = (this.attr(node, 'ref', true) ?? '').split(/[\s,]+/).filter(Boolean);
        for (const id of ids)
          if (!this.brief.sources.some((s) => s.id === id))
            this.sink.error(
              node.position,
              messages.unknownSource(
                id,
                this.brief.sources.map((s) => s.id),
              ),
              'template/unknown-ref',
            );
        out.push({ type: 'cite', sourceIds: ids, position: node.position });
      }
    }
    // Trim the whitespace that template indentation leaves at the edges.
    const first = out[0];
    if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
    const last = out.at(-1);
    if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
    return out.filter((n) => n.type !== 'text' || n.value !== '');
  }

  private elements(parent: MarkupElement, allowed: string[]): MarkupElement[] {
    const out: MarkupElement[] = [];
    for (const child of parent.children) {
      if (child.kind !== 'element') continue;
      // Any element may say which audiences it is releasable to (space-separated tags).
      const tags = child.attrs['releasable-to'];
      if (tags !== undefined && !releasable(tags.split(/[\s,]+/).filter(Boolean), this.audiences)) continue;
      if (!allowed.includes(child.name)) {
        this.sink.error(child.position, messages.markupUnknownElement(child.name, parent.name, allowed), 'template/markup');
        continue;
      }
      out.push(child);
    }
    return out;
  }

  private attr(el: MarkupElement, name: string, required: boolean, allowed?: readonly string[]): string | undefined {
    const v = el.attrs[name];
    if (v === undefined || v === '') {
      if (required) this.sink.error(el.position, messages.markupMissingAttribute(el.name, name), 'template/markup');
      return undefined;
    }
    if (allowed && !allowed.includes(v)) {
      this.sink.error(el.position, messages.markupBadAttribute(el.name, name, v, [...allowed]), 'template/markup');
      return undefined;
    }
    return v;
  }

  private expectName(el: MarkupElement, name: string): void {
    if (el.name !== name) this.sink.error(el.position, messages.markupUnknownElement(el.name, 'document', [name]), 'template/markup');
  }
}

function plainText(el: MarkupNode): string {
  if (el.kind === 'text') return el.value;
  return el.children.map(plainText).join('').replace(/\s+/g, ' ').trim();
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
