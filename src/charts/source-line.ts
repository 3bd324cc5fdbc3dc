import type { Source } from '../dataset/types.js';
import { ENGLISH, type Locale } from '../i18n/locale.js';
import { LIMITS } from './limits.js';

/**
 * A source as a reader sees it: `Sputnik, 29 July 2021` (publisher and publication date), or the id as it
 * stands when `sources` has no row for it (a user's file read without a sources file).
 */
export function sourceName(id: string, sources: readonly Source[], loc: Locale = ENGLISH): string {
  const s = sources.find((x) => x.id === id);
  if (!s) return id;
  const date = s.published ? loc.date(s.published.slice(0, 10)) : '';
  return date ? loc.t('source.name', { publisher: s.publisher, date }) : s.publisher;
}

/**
 * The source line every chart ends with: `Source: Sputnik, 29 July 2021`. Several sources are listed
 * in the order given, once each: `Sources: A, 1 May 2020; b-2019`; more than `max`, the first `max`
 * and how many more: `Sources: a; b; and 3 more (see the sources table)`.
 * @example sourceLine(['sputnik-2021-07-29'], SOURCES) // => "Source: Sputnik, 29 July 2021"
 */
export function sourceLine(
  ids: readonly string[],
  sources: readonly Source[],
  max: number = LIMITS.sources,
  loc: Locale = ENGLISH,
): string {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return '';
  const parts = unique.slice(0, max).map((id) => sourceName(id, sources, loc));
  if (unique.length > max) parts.push(loc.t('source.more', { n: String(unique.length - max), count: unique.length - max }));
  return loc.t('source.line', { count: unique.length, list: parts.join(loc.t('source.separator')) });
}
