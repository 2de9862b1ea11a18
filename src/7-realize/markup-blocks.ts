/**
 * Node templates write the generic vocabulary as markup; this turns that markup
 * into realized blocks. Unknown elements are reported at their place in the
 * template, like every template mistake.
 */
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';
import type { MarkupElement, MarkupNode } from '../6-document/parse-markup.js';
import type { Block, Cell, Chip, Color, ListItem, Paragraph, ParagraphRole, Run } from './types.js';

/** What the conversion needs from the realize stage. */
export interface MarkupContext {
  /** A theme color token (primary, muted, …) or #RRGGBB, as #RRGGBB. */
  color(token: string | undefined): Color | undefined;
  /** The runs of a citation of these source ids. */
  cite(ids: string[]): Run[];
  sink: DiagnosticSink;
}

const roles: ParagraphRole[] = ['body', 'lead', 'small', 'note', 'caption', 'title', 'subtitle', 'label'];
const blockNames = ['p', 'h1', 'h2', 'h3', 'list', 'item', 'table', 'panel', 'fields', 'rule', 'chart'];
const inlineNames = ['b', 'i', 'a', 'span', 'cite', 'portion'];

/** A chart's place among the blocks of a figure node. */
export interface ChartSlot {
  kind: 'chart';
}

/** Converts the children of a markup element into blocks; `<chart/>` is kept as a slot for figure nodes. */
export function markupBlocks(parent: MarkupElement, ctx: MarkupContext): (Block | ChartSlot)[] {
  const out: (Block | ChartSlot)[] = [];
  let loose: ListItem[] | undefined;
  for (const el of elements(parent, blockNames, ctx)) {
    if (el.name === 'item') {
      // Items written without a <list> around them (one per node) form a list with their neighbours.
      if (!loose) {
        loose = [];
        out.push({ kind: 'list', items: loose });
      }
      loose.push(item(el, ctx));
      continue;
    }
    loose = undefined;
    const block = blockOf(el, ctx);
    if (block) out.push(block);
  }
  return out;
}

function blockOf(el: MarkupElement, ctx: MarkupContext): Block | ChartSlot | undefined {
  const anchors = el.attrs.anchor ? el.attrs.anchor.split(/\s+/).filter(Boolean) : undefined;
  switch (el.name) {
    case 'p':
      return paragraph(el, ctx);
    case 'h1':
    case 'h2':
    case 'h3': {
      const level = Number(el.name[1]) as 1 | 2 | 3;
      return { kind: 'heading', level, runs: runs(el, ctx), ...(anchors ? { anchors } : {}), ...(el.attrs.bookmark ? { bookmark: el.attrs.bookmark } : {}) };
    }
    case 'list': {
      const columns = Number(el.attrs.columns ?? '1');
      return { kind: 'list', items: elements(el, ['item'], ctx).map((i) => item(i, ctx)), ...(columns > 1 ? { columns } : {}), ...(el.attrs.role === 'small' ? { role: 'small' as const } : {}) };
    }
    case 'table': {
      const rows = elements(el, ['tr'], ctx).map((tr) => elements(tr, ['th', 'td'], ctx).map((c): Cell => ({ runs: runs(c, ctx), align: c.attrs.align === 'right' ? 'right' : 'left' })));
      const [header, ...body] = rows;
      return { kind: 'table', number: Number(el.attrs.number ?? 0), caption: el.attrs.caption ? [{ text: el.attrs.caption }] : [], header: header ?? [], rows: body };
    }
    case 'panel':
      return { kind: 'panel', fill: ctx.color(el.attrs.fill ?? 'panel') ?? '#F2F2F2', blocks: markupBlocks(el, ctx).filter((b): b is Block => b.kind !== 'chart') };
    case 'fields':
      return { kind: 'fields', rows: elements(el, ['field'], ctx).map((f) => ({ label: f.attrs.label ?? '', value: runs(f, ctx) })) };
    case 'rule':
      return { kind: 'rule' };
    case 'chart':
      return { kind: 'chart' };
    default:
      return undefined;
  }
}

function paragraph(el: MarkupElement, ctx: MarkupContext): Paragraph {
  const role = (roles as string[]).includes(el.attrs.role ?? '') ? (el.attrs.role as ParagraphRole) : 'body';
  const align = el.attrs.align === 'center' || el.attrs.align === 'right' ? el.attrs.align : undefined;
  const anchors = el.attrs.anchor ? el.attrs.anchor.split(/\s+/).filter(Boolean) : undefined;
  const body = runs(el, ctx);
  const lead = el.attrs.portion ? [{ text: `(${el.attrs.portion}) `, bold: true }] : [];
  return { kind: 'paragraph', role, runs: [...lead, ...body], ...(align ? { align } : {}), ...(anchors ? { anchors } : {}) };
}

function item(el: MarkupElement, ctx: MarkupContext): ListItem {
  const kind = el.attrs.marker ?? 'bullet';
  const chip = (shape: 'badge' | 'chip'): Chip => ({
    text: el.attrs['marker-text'] ?? '',
    fill: ctx.color(el.attrs['marker-fill'] ?? 'primary')!,
    color: ctx.color(el.attrs['marker-color'] ?? '#FFFFFF')!,
    shape,
  });
  const marker: ListItem['marker'] = kind === 'none' ? { kind: 'none' } : kind === 'chip' || kind === 'badge' ? { kind: 'chip', ...chip(kind) } : { kind: 'bullet' };
  const chips: Chip[] = [];
  let notes: string | undefined;
  const inner: MarkupElement = { ...el, children: [] };
  for (const c of el.children) {
    if (c.kind === 'element' && c.name === 'chip') chips.push({ text: plain(c), fill: ctx.color(c.attrs.fill ?? 'primary')!, color: ctx.color(c.attrs.color ?? '#FFFFFF')!, shape: 'chip' });
    else if (c.kind === 'element' && c.name === 'notes') notes = lines(c);
    else inner.children.push(c);
  }
  const anchors = el.attrs.anchor ? el.attrs.anchor.split(/\s+/).filter(Boolean) : undefined;
  // An item holding only text is one paragraph.
  const hasBlocks = inner.children.some((c) => c.kind === 'element' && blockNames.includes(c.name));
  const blocks = hasBlocks ? markupBlocks(inner, ctx).filter((b): b is Block => b.kind !== 'chart') : [{ kind: 'paragraph' as const, role: 'body' as const, runs: runs(inner, ctx) }];
  return { marker, chips, blocks, ...(anchors ? { anchors } : {}), ...(notes ? { notes } : {}) };
}

/** Inline content as runs: whitespace collapsed, styles carried down. */
export function runs(el: MarkupElement, ctx: MarkupContext, base: Omit<Run, 'text'> = {}): Run[] {
  const out: Run[] = [];
  const walk = (node: MarkupElement, style: Omit<Run, 'text'>) => {
    for (const c of node.children) {
      if (c.kind === 'text') {
        out.push({ ...style, text: c.value.replace(/\s+/g, ' ') });
        continue;
      }
      if (!inlineNames.includes(c.name)) {
        ctx.sink.error(c.position, messages.markupUnknownElement(c.name, node.name, inlineNames), 'template/markup');
        continue;
      }
      switch (c.name) {
        case 'b':
          walk(c, { ...style, bold: true });
          break;
        case 'i':
          walk(c, { ...style, italic: true });
          break;
        case 'a':
          walk(c, { ...style, ...(c.attrs.href ? { url: c.attrs.href } : {}), ...(c.attrs.goto ? { goTo: c.attrs.goto } : {}) });
          break;
        case 'span': {
          const color = ctx.color(c.attrs.color);
          const face = c.attrs.face === 'heading' || c.attrs.face === 'body' ? c.attrs.face : undefined;
          walk(c, {
            ...style,
            ...(color ? { color } : {}),
            ...(face ? { face } : {}),
            ...(c.attrs.strike === 'true' ? { strike: true } : {}),
            ...(c.attrs.inserted === 'true' ? { inserted: true } : {}),
          });
          break;
        }
        case 'cite':
          out.push(...ctx.cite((c.attrs.ref ?? '').split(/[\s,]+/).filter(Boolean)).map((r) => ({ ...style, ...r })));
          break;
        case 'portion':
          if (c.attrs.mark) out.push({ ...style, text: `(${c.attrs.mark}) `, bold: true });
          break;
      }
    }
  };
  walk(el, base);
  return trimRuns(out);
}

/** Drops the whitespace that template indentation leaves at the edges, and empty runs. */
export function trimRuns(list: Run[]): Run[] {
  const first = list[0];
  if (first) first.text = first.text.replace(/^\s+/, '');
  const last = list.at(-1);
  if (last) last.text = last.text.replace(/\s+$/, '');
  return list.filter((r) => r.text !== '');
}

function elements(parent: MarkupElement, allowed: string[], ctx: MarkupContext): MarkupElement[] {
  const out: MarkupElement[] = [];
  for (const c of parent.children) {
    if (c.kind !== 'element') continue;
    if (!allowed.includes(c.name)) {
      ctx.sink.error(c.position, messages.markupUnknownElement(c.name, parent.name, allowed), 'template/markup');
      continue;
    }
    out.push(c);
  }
  return out;
}

/** Text that keeps its lines (speaker notes): each line trimmed, blank lines dropped. */
function lines(node: MarkupNode): string {
  const raw = node.kind === 'text' ? node.value : node.children.map((c) => (c.kind === 'text' ? c.value : lines(c))).join('');
  return raw
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function plain(node: MarkupNode): string {
  if (node.kind === 'text') return node.value;
  return node.children.map(plain).join('').replace(/\s+/g, ' ').trim();
}
