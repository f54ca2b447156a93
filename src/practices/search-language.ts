/**
 * The PostgreSQL text-search configuration for a record written in an ISO 639-1
 * language: its stemmer where PostgreSQL has one, else `simple` (whole words,
 * lower-cased), as for Bulgarian or Yoruba. Estonian stays on `simple` until the
 * service requires PostgreSQL 16, which added its stemmer.
 */
const CONFIGURATIONS: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
};

export const SIMPLE = 'simple';

export function searchConfigurationFor(language: string): string {
  return CONFIGURATIONS[language.toLowerCase()] ?? SIMPLE;
}

/** Every configuration a record can be indexed with: a search in no particular language tries each. */
export const SEARCH_CONFIGURATIONS: readonly string[] = [...new Set([...Object.values(CONFIGURATIONS), SIMPLE])].sort();
