/**
 * "Did you mean": the known names nearest to a misspelled one, by edit distance, so a message can name the
 * one the user meant instead of listing every id of a long file.
 */

/** Optimal string alignment distance (Levenshtein with adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The known names close to `word`, nearest first (at most three): within an edit distance of about a third of
 * its length, or one that the word begins (an id written without its suffix, "ap-sisi-2024" for "ap-sisi-2024-12").
 */
export function nearest(word: string, known: readonly string[]): string[] {
  const max = Math.max(1, Math.floor(word.length / 3));
  const scored = [...new Set(known)]
    .filter((k) => k !== word)
    .map((k) => {
      const prefix = word.length >= 4 && (k.toLowerCase().startsWith(word.toLowerCase()) || word.toLowerCase().startsWith(k.toLowerCase())) && Math.min(k.length, word.length) >= 4;
      const distance = editDistance(word, k);
      return { k, distance, near: distance <= max || prefix };
    })
    .filter((x) => x.near)
    .sort((a, b) => a.distance - b.distance || a.k.localeCompare(b.k));
  if (scored.length === 0) return [];
  // Only the closest few: more than three guesses is a list again.
  const best = scored[0]!.distance;
  return scored
    .filter((x) => x.distance <= best + 1)
    .slice(0, 3)
    .map((x) => x.k);
}

/**
 * A parenthesised hint after "unknown X": `(did you mean "a"?)`, or, with nothing near, the full list when it is
 * short (`(sources: a, b)`), or nothing when it is long. `label` names the list ("sources", "columns").
 */
export function suggestion(word: string, known: readonly string[], label: string, options: { maxListed?: number; quote?: boolean } = {}): string {
  const q = (s: string) => (options.quote === false ? s : JSON.stringify(s));
  const near = nearest(word, known);
  if (near.length === 1) return ` (did you mean ${q(near[0]!)}?)`;
  if (near.length > 1) return ` (did you mean ${near.slice(0, -1).map(q).join(', ')} or ${q(near.at(-1)!)}?)`;
  if (known.length === 0) return ` (${label}: none)`;
  if (known.length <= (options.maxListed ?? 5)) return ` (${label}: ${known.join(', ')})`;
  return '';
}
