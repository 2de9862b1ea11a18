/** ICD 203 estimative language and Admiralty grading: the domain tables every output shares. */

/** The seven canonical ICD 203 likelihood terms, lowest first. */
export const likelihoodTerms = ['almost no chance', 'very unlikely', 'unlikely', 'roughly even chance', 'likely', 'very likely', 'almost certain'] as const;

/** A canonical ICD 203 likelihood term. */
export type LikelihoodTerm = (typeof likelihoodTerms)[number];

/** The alternative ICD 203 term set, mapped to the canonical term of the same range. */
export const alternativeTerms: Record<string, LikelihoodTerm> = {
  remote: 'almost no chance',
  'highly improbable': 'very unlikely',
  improbable: 'unlikely',
  'roughly even odds': 'roughly even chance',
  probable: 'likely',
  'highly probable': 'very likely',
  'nearly certain': 'almost certain',
};

/** Probability range of each canonical term, in percent. */
export const likelihoodRanges: Record<LikelihoodTerm, [number, number]> = {
  'almost no chance': [1, 5],
  'very unlikely': [5, 20],
  unlikely: [20, 45],
  'roughly even chance': [45, 55],
  likely: [55, 80],
  'very likely': [80, 95],
  'almost certain': [95, 99],
};

/** A confidence level. */
export type Confidence = 'high' | 'moderate' | 'low';

/** The confidence levels, lowest first. */
export const confidenceLevels: Confidence[] = ['low', 'moderate', 'high'];

/** Canonical term and rank (0 = lowest) of a term from either set. */
export function normalizeLikelihood(term: string): { canonical: LikelihoodTerm; rank: number } {
  const canonical = (alternativeTerms[term] ?? term) as LikelihoodTerm;
  return { canonical, rank: likelihoodTerms.indexOf(canonical) };
}
