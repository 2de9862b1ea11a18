/**
 * Stage 7, realize: the document model's domain nodes (judgments, the changes
 * list, the source list, the estimative box, figures, the memo's header) become
 * generic blocks through node templates (templates/<deck|memo>/nodes/*.hbs, which
 * a series may override), and every chart gets its one decision: native,
 * vector or picture. Layouts and emitters read only what this stage returns.
 */
import { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { likelihoodTerms, normalizeLikelihood } from '../2-validate/estimative.js';
import { bannerColors, type Theme } from '../2-validate/theme.js';
import type { Figure as FigureData, Source } from '../2-validate/brief.js';
import type { RenderedChart } from '../4-charts/render-chart.js';
import { renderNode, type TemplateKind, type TemplateSet } from '../5-template/template-engine.js';
import { formatDate } from '../5-template/helpers.js';
import { parseMarkup } from '../6-document/parse-markup.js';
import type { Block as DocBlock, BriefDocument, ChangeList, FigureBlock, Inline, JudgmentBlock, Table as DocTable } from '../6-document/types.js';
import { markupBlocks, trimRuns, type ChartSlot, type MarkupContext } from './markup-blocks.js';
import type { Block, ChartContent, Color, Figure, Furniture, RealizedDeck, RealizedMemo, RealizedMeta, RealizedSlide, Run } from './types.js';
import {
  changeWords,
  changesIntro,
  confidenceMeanings,
  copyLine,
  estimativeIntro,
  figureLabel,
  figureSourceLine,
  footerText,
  gradeWords,
  likelihoodRange,
  noChanges,
  pageLabel,
  tableCaption,
} from './wording.js';

/**
 * Above this size an SVG (tens of thousands of marks) is placed as a picture:
 * drawn as vectors it takes seconds to write and seconds more to open.
 */
export const VECTOR_LIMIT_BYTES = 2_000_000;

/** What realizing needs from the build: the output's templates (a series' own node templates win) and where problems go. */
export interface RealizeEnv {
  templates: TemplateSet;
  sink: DiagnosticSink;
}

/**
 * Above this many values an automatic chart goes into the deck as a picture: an editable chart of tens of
 * thousands of points is slow to write, slower to open, and nobody edits it by hand.
 */
export const NATIVE_LIMIT_VALUES = 5_000;

/** The chart as the deck shows it: an editable native chart when it maps onto one and its figure allows, else a picture. */
export function deckChart(chart: RenderedChart, render: FigureData['render']): ChartContent {
  const base = { svg: chart.svg, width: chart.width, height: chart.height, hash: chart.hash };
  const values = chart.native ? chart.native.series.reduce((n, s) => n + s.values.length, 0) : 0;
  const native = chart.native && (render === 'native' || (render === 'auto' && values <= NATIVE_LIMIT_VALUES));
  return native ? { ...base, mode: 'native', native: chart.native } : { ...base, mode: 'picture' };
}

/** The chart as the memo shows it: vectors, unless it is too big to draw that way. */
export function memoChart(chart: RenderedChart): ChartContent {
  return { svg: chart.svg, width: chart.width, height: chart.height, hash: chart.hash, mode: chart.svg.length > VECTOR_LIMIT_BYTES ? 'picture' : 'vector' };
}

/** Realizes the deck: slides of generic blocks. */
export function realizeDeck(doc: BriefDocument, env: RealizeEnv): RealizedDeck {
  const r = new Realizer(doc, 'deck', env);
  const slides: RealizedSlide[] = doc.deck.slides.map((s) => ({
    layout: s.layout,
    title: s.title,
    ...(s.subtitle !== undefined ? { subtitle: s.subtitle } : {}),
    blocks: s.blocks.flatMap((b) => r.block(b, s.layout)),
    notes: s.notes,
  }));
  env.sink.throwIfErrors();
  return { meta: meta(doc), furniture: furniture(doc), slides };
}

/** Realizes the memo: its header block and sections of generic blocks. */
export function realizeMemo(doc: BriefDocument, env: RealizeEnv): RealizedMemo {
  const r = new Realizer(doc, 'memo', env);
  const m = doc.memo.header;
  const head = r.node('header', { organisation: doc.meta.organisation, seriesTitle: doc.meta.seriesTitle, memoFor: m.memoFor, from: m.from, date: m.date, subject: m.subject });
  const sections = doc.memo.sections.map((s) => ({
    id: s.id,
    title: s.title,
    blocks: [{ kind: 'heading' as const, level: 1 as const, runs: [{ text: s.title }], anchors: [`section-${s.id}`], bookmark: s.title }, ...s.blocks.flatMap((b) => r.block(b))],
  }));
  env.sink.throwIfErrors();
  return { meta: meta(doc), furniture: furniture(doc), head: head.filter((b): b is Block => b.kind !== 'chart'), sections };
}

/** The furniture of a numbered copy: the product's, with the copy line. */
export function furnitureForCopy(f: Furniture, copy: { number: number; total: number; name: string; organisation: string }): Furniture {
  return { ...f, copy: copyLine(copy) };
}

function meta(doc: BriefDocument): RealizedMeta {
  const m = doc.meta;
  return {
    title: m.title,
    subject: m.subject,
    authors: m.authors,
    keywords: m.keywords,
    organisation: m.organisation,
    language: m.language,
    date: m.editionDate,
    seriesId: m.seriesId,
    editionId: m.editionId,
    pdfa: m.pdfa,
  };
}

function furniture(doc: BriefDocument): Furniture {
  const m = doc.meta;
  return { marking: m.marking, banner: bannerColors(doc.theme, m.marking), footer: footerText(m.seriesShortTitle, m.editionId, m.editionDate, m.language), pageLabel };
}

/** Theme colors by token name, as node templates may write them. */
function colorTokens(theme: Theme): Record<string, Color> {
  const { colors, chips } = theme;
  return {
    primary: colors.primary,
    accent: colors.accent,
    text: colors.text,
    muted: colors.muted,
    background: colors.background,
    panel: colors.panel,
    rule: colors.rule,
    white: '#FFFFFF',
    likelihood: chips.likelihood,
    'confidence-high': chips.confidence.high,
    'confidence-moderate': chips.confidence.moderate,
    'confidence-low': chips.confidence.low,
    'change-up': chips.confidence.high,
    'change-down': chips.confidence.low,
    'change-new': colors.primary,
    'change-gone': colors.muted,
    'change-changed': chips.confidence.moderate,
  };
}

class Realizer implements MarkupContext {
  private readonly tokens: Record<string, Color>;
  private readonly numbers: Map<string, number>;
  readonly sink: DiagnosticSink;

  constructor(
    private readonly doc: BriefDocument,
    private readonly kind: TemplateKind,
    private readonly env: RealizeEnv,
  ) {
    this.tokens = colorTokens(doc.theme);
    this.numbers = new Map(doc.sources.map((s) => [s.id, s.number]));
    this.sink = env.sink;
  }

  color(token: string | undefined): Color | undefined {
    if (!token) return undefined;
    if (/^#[0-9a-f]{6}$/i.test(token)) return token.toUpperCase();
    return this.tokens[token];
  }

  /** A citation: in the memo each number links to its entry in the source list; on a slide it is plain text. */
  cite(ids: string[]): Run[] {
    const numbers = ids.map((id) => this.numbers.get(id));
    const color = this.doc.theme.colors.primary;
    // Why no-break spaces: "[3, 5]" never splits across lines, nor from the word it follows.
    if (this.kind === 'deck') return [{ text: `\u00A0[${numbers.map((n) => n ?? '?').join(',\u00A0')}]` }];
    const runs: Run[] = [{ text: '\u00A0[', color }];
    numbers.forEach((n, i) => {
      if (i > 0) runs.push({ text: ',\u00A0', color });
      runs.push({ text: String(n ?? '?'), color, ...(n !== undefined ? { goTo: `source-${n}` } : {}) });
    });
    runs.push({ text: ']', color });
    return runs;
  }

  private get locale(): string {
    return this.doc.meta.language;
  }

  /** Renders a node template and converts its markup; problems are reported in the node template. */
  node(name: string, data: object): (Block | ChartSlot)[] {
    const merged = renderNode(this.env.templates, name, data, this.sink, this.locale);
    if (!merged) return [];
    const root = parseMarkup(`<node>${merged.markup}</node>`, merged.file, this.sink);
    return root ? markupBlocks(root, this) : [];
  }

  block(b: DocBlock, slideLayout?: RealizedSlide['layout']): Block[] {
    switch (b.type) {
      case 'paragraph':
        return [{ kind: 'paragraph', role: 'body', runs: [...(b.portion ? [{ text: `(${b.portion}) `, bold: true }] : []), ...this.inlines(b.children)] }];
      case 'heading':
        return [{ kind: 'heading', level: b.depth, runs: this.inlines(b.children) }];
      case 'list':
        return [
          { kind: 'list', items: b.items.map((it) => ({ marker: { kind: 'bullet' as const }, chips: [], blocks: [{ kind: 'paragraph' as const, role: 'body' as const, runs: this.inlines(it) }] })) },
        ];
      case 'table':
        return [this.table(b)];
      case 'judgment':
        return this.blocksOnly(this.node(`judgment-${b.mode}`, this.judgmentData(b)));
      case 'figure':
        return this.figure(b, slideLayout);
      case 'sourceList':
        return this.blocksOnly(this.node('sources', { sources: b.sources.map((s) => this.sourceData(s)) }));
      case 'changes':
        return this.blocksOnly(this.node('changes', this.changesData(b)));
      case 'estimativeBox':
        return this.blocksOnly(this.node('estimative-box', this.estimativeData()));
      default: {
        const never: never = b;
        throw new Error(`unknown block ${String(never)}`);
      }
    }
  }

  private blocksOnly(list: (Block | ChartSlot)[]): Block[] {
    return list.filter((b): b is Block => b.kind !== 'chart');
  }

  private inlines(children: Inline[], style: Omit<Run, 'text'> = {}): Run[] {
    const out: Run[] = [];
    for (const n of children) {
      switch (n.type) {
        case 'text':
          out.push({ ...style, text: n.value });
          break;
        case 'strong':
          out.push(...this.inlines(n.children, { ...style, bold: true }));
          break;
        case 'emphasis':
          out.push(...this.inlines(n.children, { ...style, italic: true }));
          break;
        case 'link':
          out.push(...this.inlines(n.children, { ...style, url: n.url }));
          break;
        case 'cite':
          out.push(...this.cite(n.sourceIds).map((r) => ({ ...style, ...r })));
          break;
        default: {
          const never: never = n;
          throw new Error(`unknown inline ${String(never)}`);
        }
      }
    }
    return trimRuns(out);
  }

  private table(t: DocTable): Block {
    return {
      kind: 'table',
      number: t.number,
      caption: t.caption
        ? [
            { text: tableCaption(t.number), bold: true },
            { text: t.caption, bold: true },
          ]
        : [],
      header: t.header.map((c, k) => ({ runs: this.inlines(c, { bold: true }), align: t.numeric[k] ? 'right' : 'left' })),
      rows: t.rows.map((r) => r.map((c, k) => ({ runs: this.inlines(c), align: t.numeric[k] ? 'right' : 'left' }))),
    };
  }

  private figure(b: FigureBlock, slideLayout: RealizedSlide['layout'] | undefined): Block[] {
    const f = b.figure;
    const chart = this.kind === 'deck' ? deckChart(b.chart, f.render) : memoChart(b.chart);
    const parts = this.node('figure', {
      number: f.number,
      title: f.title,
      takeaway: f.takeaway,
      description: f.description ?? '',
      sourceLine:
        f.sourceLine ??
        figureSourceLine(
          f.sourceIds.flatMap((id) => this.doc.sources.filter((s) => s.id === id)),
          this.locale,
        ),
      portion: this.doc.meta.portionMark,
      // Why: on a two-column slide the takeaway is already the left column's first line.
      beside: slideLayout === 'two-column',
    });
    const slot = parts.findIndex((p) => p.kind === 'chart');
    const above = this.blocksOnly(slot >= 0 ? parts.slice(0, slot) : parts);
    const below = this.blocksOnly(slot >= 0 ? parts.slice(slot + 1) : []);
    const figure: Figure = { kind: 'figure', id: f.id, number: f.number, label: figureLabel(f.number), chart, alt: b.alt, above, below };
    return [figure];
  }

  private judgmentData({ judgment: j }: JudgmentBlock): object {
    const sources = (ids: string[]) => ids.map((id) => this.doc.sources.find((s) => s.id === id)).filter((s): s is Source => !!s);
    return {
      id: j.id,
      number: j.number,
      statement: j.statement,
      likelihood: j.likelihood,
      probability: likelihoodRange(j.likelihood),
      confidence: j.confidence,
      portion: j.portion ?? this.doc.meta.portionMark,
      evidence: j.evidence.map((e) => ({
        text: e.text,
        sources: e.sourceIds.join(' '),
        grades: sources(e.sourceIds)
          .map((s) => `${s.publisher} ${s.grade}`)
          .join('; '),
      })),
      discussion: j.discussion ?? '',
    };
  }

  private sourceData(s: Source): object {
    const g = gradeWords(s.reliability, s.credibility);
    return {
      id: s.id,
      number: s.number,
      publisher: s.publisher,
      title: s.title,
      date: s.date ? formatDate(s.date, this.locale) : '',
      url: s.url ?? '',
      grade: s.grade,
      reliability: g.reliability,
      credibility: g.credibility,
    };
  }

  private changesData(c: ChangeList): object {
    return {
      since: c.since ?? '',
      intro: c.since ? changesIntro(c.since) : '',
      empty: noChanges(c.since),
      portion: this.doc.meta.portionMark,
      items: c.items.map((item) => ({ note: '', ...changeWords(item, this.locale), direction: item.direction, id: item.id, kind: item.kind })),
    };
  }

  private estimativeData(): object {
    const used = new Set(
      [...this.doc.memo.sections.flatMap((s) => s.blocks), ...this.doc.deck.slides.flatMap((s) => s.blocks)].flatMap((b) =>
        b.type === 'judgment' ? [normalizeLikelihood(b.judgment.likelihood).canonical] : [],
      ),
    );
    return {
      intro: estimativeIntro,
      terms: likelihoodTerms.map((t) => ({ term: t, probability: likelihoodRange(t), used: used.has(t) })),
      confidence: (['high', 'moderate', 'low'] as const).map((level) => ({ level, meaning: confidenceMeanings[level] })),
    };
  }
}

/** Every figure of a realized deck or memo, in order. */
export function realizedFigures(blocks: Block[]): Figure[] {
  const out: Figure[] = [];
  const walk = (list: Block[]) => {
    for (const b of list) {
      if (b.kind === 'figure') out.push(b);
      else if (b.kind === 'panel') walk(b.blocks);
      else if (b.kind === 'list') for (const i of b.items) walk(i.blocks);
    }
  };
  walk(blocks);
  return out;
}

/** The plain text of runs. */
export function runText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}
