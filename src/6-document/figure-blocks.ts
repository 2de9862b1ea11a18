/** Finds the figure blocks anywhere in a part of the document model (deck or memo), in document order. */
import type { FigureBlock } from './types.js';

/** Every figure block under `node`. Why a walk: figures sit in slides, sections, columns and lists alike. */
export function figureBlocks(node: unknown): FigureBlock[] {
  const out: FigureBlock[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const block = n as Partial<FigureBlock>;
      if (block.type === 'figure' && block.chart && block.figure) out.push(block as FigureBlock);
      else for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
    }
  };
  walk(node);
  return out;
}
