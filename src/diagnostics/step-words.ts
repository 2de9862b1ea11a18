/** What a build step is doing, in words, for the watchdogs' messages (the launcher's and the batch's). */

const WORDS: Record<string, string> = {
  '1 load': 'reading the brief',
  '2 validate': 'checking the brief',
  '3 editions': 'comparing with earlier editions',
  '4 charts': 'rendering this chart',
  '5 template': 'running the templates',
  '6 document': 'building the document',
  '6 lint': 'checking the tradecraft',
  '7 realize': 'wording the document',
  '8 layout deck': 'laying out the deck',
  '8 layout memo': 'laying out the memo',
  '9 emit pdf': 'writing the PDF',
  '9 emit pptx': 'writing the deck',
  '9 emit docx': 'writing the Word memo',
  pictures: 'drawing the chart pictures',
};

/** "rendering this chart" for the stage "4 charts"; the command as a whole when no step has started. */
export function stepWords(step: { stage: string } | undefined): string {
  return step ? (WORDS[step.stage] ?? step.stage.replace(/^\d+ /, '')) : 'the command';
}
