import type { Source } from '../dataset/types.js';
import { dateWords } from './labels.js';
import { LIMITS } from './limits.js';

/**
 * A source as a reader sees it: `Sputnik, 29 July 2021` (publisher and publication date), or the id as it
 * stands when `sources` has no row for it (a user's file read without a sources file).
 */
export function sourceName(id: string, sources: readonly Source[]): string {
  const s = sources.find((x) => x.id === id);
  if (!s) return id;
  const date = s.published ? dateWords(s.published.slice(0, 10)) : '';
  return date ? `${s.publisher}, ${date}` : s.publisher;
}

/**
 * The source line every chart ends with: `Source: Sputnik, 29 July 2021`. Several sources are listed
 * in the order given, once each: `Sources: A, 1 May 2020; b-2019`; more than `max`, the first `max`
 * and how many more: `Sources: a; b; and 3 more (see the sources table)`.
 * @example sourceLine(['sputnik-2021-07-29'], SOURCES) // => "Source: Sputnik, 29 July 2021"
 */
export function sourceLine(ids: readonly string[], sources: readonly Source[], max: number = LIMITS.sources): string {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return '';
  const parts = unique.slice(0, max).map((id) => sourceName(id, sources));
  if (unique.length > max) parts.push(`and ${unique.length - max} more (see the sources table)`);
  return `${unique.length === 1 ? 'Source' : 'Sources'}: ${parts.join('; ')}`;
}
