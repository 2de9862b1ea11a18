/** Inline nodes → a flat list of styled runs, shared by the writers; each writer says how a citation reads. */
import type { Inline } from './types.js';

/** A run of text with the styles inline nodes can give it. */
export interface StyledRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
}

/** Flattens inline nodes into runs; `cite` turns a citation into the writer's own runs. */
export function flattenInlines<R extends StyledRun>(children: Inline[], cite: (sourceIds: string[], base: Partial<R>, before: R[]) => R[], base: Partial<R> = {}): R[] {
  const out: R[] = [];
  for (const n of children) {
    switch (n.type) {
      case 'text':
        out.push({ ...base, text: n.value } as R);
        break;
      case 'strong':
        out.push(...flattenInlines(n.children, cite, { ...base, bold: true }));
        break;
      case 'emphasis':
        out.push(...flattenInlines(n.children, cite, { ...base, italic: true }));
        break;
      case 'link':
        out.push(...flattenInlines(n.children, cite, { ...base, link: n.url }));
        break;
      case 'cite':
        out.push(...cite(n.sourceIds, base, out));
        break;
      default: {
        const never: never = n;
        throw new Error(`unknown inline ${String(never)}`);
      }
    }
  }
  return out;
}
