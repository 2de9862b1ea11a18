/** How every writer marks a change's direction: one label and color, from the theme. */
import type { Change } from '../3-editions/compare-editions.js';
import type { BriefDocument } from './types.js';

/** Label and color of the chip that marks a change's direction. */
export function changeChip(c: Change, doc: BriefDocument): { label: string; color: string } {
  const { colors, chips } = doc.theme;
  switch (c.direction) {
    case 'up':
      return { label: 'UP', color: chips.confidence.high };
    case 'down':
      return { label: 'DOWN', color: chips.confidence.low };
    case 'new':
      return { label: 'NEW', color: colors.primary };
    case 'gone':
      return { label: 'DROPPED', color: colors.muted };
    default:
      return { label: 'CHANGED', color: chips.confidence.moderate };
  }
}

