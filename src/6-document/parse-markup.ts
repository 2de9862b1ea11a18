/** Parses the XML markup that templates emit into a small element tree with positions (saxes is used only here). */
import { SaxesParser } from 'saxes';
import { DiagnosticSink, type Position } from '../diagnostics/diagnostic.js';
import { messages } from '../diagnostics/messages.js';

/** An element of the template markup. */
export interface MarkupElement {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  position: Position;
}
/** A text run of the template markup. */
export interface MarkupText {
  kind: 'text';
  value: string;
}
/** Any markup node. */
export type MarkupNode = MarkupElement | MarkupText;

/** Parses markup; syntax errors are reported against `file` at the line and column of the merged output. */
export function parseMarkup(markup: string, file: string, sink: DiagnosticSink): MarkupElement | undefined {
  const parser = new SaxesParser({ position: true });
  const stack: MarkupElement[] = [];
  let root: MarkupElement | undefined;
  let failed = false;
  parser.on('error', (err) => {
    if (failed) return;
    failed = true;
    sink.error({ file, line: parser.line, column: parser.column }, messages.markupInvalid(err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')), 'template/markup');
  });
  parser.on('opentag', (tag) => {
    const el: MarkupElement = {
      kind: 'element',
      name: tag.name,
      attrs: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : v.value])),
      children: [],
      position: { file, line: parser.line, column: parser.column },
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (text) => {
    const parent = stack.at(-1);
    if (parent) parent.children.push({ kind: 'text', value: text });
  });
  try {
    parser.write(markup).close();
  } catch {
    // reported by the error handler
  }
  return failed ? undefined : root;
}
