import { pairKey } from '../dataset/pair-key.js';
import type { Visit } from '../dataset/types.js';
import { panelsBy, type PairIndex, type PlacePair } from './groups.js';
import { ENGLISH, type Locale } from '../i18n/locale.js';
import { listWords } from '../i18n/words.js';

// Charts stay bounded in size and time whatever the data: a user's file may hold thousands of place
// pairs and decades of figures, but a chart draws at most a few panels of a few periods each, and says
// what it left out (every row stays in the tables). Nothing is aggregated: what is drawn is drawn as is.

/** The most a chart draws. */
export const LIMITS = {
  /** Place pairs (panels) per chart: the pairs with the most travellers. */
  pairs: 4,
  /** Panels per chart, when a pair has several (several sources, or several multi-year periods). */
  panels: 8,
  /** Years on the axis of the yearly bars: the most recent ones. */
  years: 20,
  /** Periods (rows) per panel of the ratios and shares charts: the most recent ones. */
  periods: 6,
  /** Year-to-year steps per panel of the changes chart: the most recent ones. */
  steps: 4,
  /** Dated events drawn on the yearly bars: the most recent ones in the years drawn. */
  events: 8,
  /** Events named in the subtitle of the multi-year chart. */
  subtitleEvents: 3,
  /** Sources named in a chart's source line. */
  sources: 12,
} as const;

export { pairKey };

/**
 * Travellers per place pair, to choose the pairs a chart draws when it cannot draw them all.
 * Counted once per direction and source: its single-year figures added up, or its largest multi-year
 * figure when that is larger (a "since 1992" figure already holds the years after 1992); then both
 * directions (and every source) added. A qualifier does not change the number ("over 1,200" counts 1,200).
 * @example pairTraffic(FIGURES).get(pairKey('Japan', 'South Kuril Islands')) // => 29500 (20,000 + 9,500)
 */
export function pairTraffic(visits: readonly Visit[]): Map<string, number> {
  const perDirection = new Map<string, { pair: string; singles: number; longest: number }>();
  for (const v of visits) {
    const key = `${v.origin}\u0000${v.destination}\u0000${v.source_id}`;
    let d = perDirection.get(key);
    if (!d) perDirection.set(key, (d = { pair: pairKey(v.origin, v.destination), singles: 0, longest: 0 }));
    const n = Number.isFinite(v.count) ? v.count : 0;
    if (v.period_end === v.period_start) d.singles += n;
    else d.longest = Math.max(d.longest, n);
  }
  const out = new Map<string, number>();
  for (const d of perDirection.values()) out.set(d.pair, (out.get(d.pair) ?? 0) + Math.max(d.singles, d.longest));
  return out;
}

/**
 * The visits a chart drawn from visits needs to choose its pairs: every visit of the `LIMITS.pairs`
 * place pairs with the most travellers among those with a visit `eligible` accepts (ties: the pair's first
 * appearance among all visits), in the order given; and how many pairs have an eligible visit. A chart
 * drawn from these visits chooses (see `choosePanels`) the same pairs as from all of them, and each pair
 * keeps every visit, so it is drawn the same.
 */
export function candidateVisits(
  visits: readonly Visit[],
  eligible: (v: Visit) => boolean,
  traffic: ReadonlyMap<string, number>,
): { visits: Visit[]; pairs: number } {
  const pairs = new Map<string, { first: number; eligible: boolean }>();
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i]!;
    const key = pairKey(v.origin, v.destination);
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { first: pairs.size, eligible: false }));
    if (!p.eligible && eligible(v)) p.eligible = true;
  }
  const ranked = [...pairs].filter(([, p]) => p.eligible);
  if (ranked.length <= LIMITS.pairs) {
    const keep = new Set(ranked.map(([k]) => k));
    return {
      visits: keep.size === pairs.size ? [...visits] : visits.filter((v) => keep.has(pairKey(v.origin, v.destination))),
      pairs: ranked.length,
    };
  }
  ranked.sort(([kx, x], [ky, y]) => (traffic.get(ky) ?? 0) - (traffic.get(kx) ?? 0) || x.first - y.first);
  const keep = new Set(ranked.slice(0, LIMITS.pairs).map(([k]) => k));
  return { visits: visits.filter((v) => keep.has(pairKey(v.origin, v.destination))), pairs: ranked.length };
}

/** How many place pairs have a visit `accepts`. */
export function countPairs(visits: readonly Visit[], accepts: (v: Visit) => boolean): number {
  const seen = new Set<string>();
  for (const v of visits) if (accepts(v)) seen.add(pairKey(v.origin, v.destination));
  return seen.size;
}

/** What a chart left out of its panels, for the line that says so. */
export interface PanelChoice<G> {
  /** The panels drawn, in the order given (first appearance). */
  readonly shown: G[];
  /** Place pairs drawn, and in the data. */
  readonly pairs: number;
  readonly pairsInData: number;
  /** Panels drawn, and that the drawn pairs have (more only when one pair has more than `LIMITS.panels`). */
  readonly panels: number;
  readonly panelsOfShownPairs: number;
  /** Whether pairs were chosen by travellers (`traffic` given) or by first appearance. */
  readonly ranked: boolean;
}

/** A choice that counts the pairs in the data as `pairsInData` says, when given (see `ChartContext.pairsInData`). */
export function inData<G>(choice: PanelChoice<G>, pairsInData: number | undefined): PanelChoice<G> {
  return pairsInData === undefined ? choice : { ...choice, pairsInData: Math.max(choice.pairsInData, pairsInData) };
}

/**
 * The panels of a chart drawn from an analysis table's rows: one per place pair and source (`panelsBy`,
 * pairs numbered by `pairs`), chosen by `choosePanels` with the data's `traffic`, and counted against the
 * `pairsInData` pairs the whole table has (`inData`).
 */
export function tablePanels<T extends { origin: string; destination: string; source_id: string }>(
  rows: readonly T[],
  pairs: PairIndex,
  traffic: ReadonlyMap<string, number> | undefined,
  pairsInData: number | undefined,
): PanelChoice<{ pair: PlacePair; source_id: string; items: T[]; multiSource: boolean }> {
  return inData(
    choosePanels(
      panelsBy(
        rows,
        (r) => pairs.pair(r.origin, r.destination),
        (r) => r.source_id,
      ),
      traffic,
    ),
    pairsInData,
  );
}

/**
 * Chooses the panels to draw: the place pairs with the most travellers (ties, and every pair when
 * `traffic` is missing: first appearance), at most `maxPairs` of them and no more pairs than fit in
 * `maxPanels` panels (always at least one pair; a pair with more panels than that shows its first ones).
 * Panels keep the order given.
 */
export function choosePanels<G extends { pair: PlacePair }>(
  groups: readonly G[],
  traffic: ReadonlyMap<string, number> | undefined,
  maxPairs: number = LIMITS.pairs,
  maxPanels: number = LIMITS.panels,
): PanelChoice<G> {
  const panelsPerPair = new Map<number, { pair: PlacePair; panels: number }>();
  for (const g of groups) {
    const p = panelsPerPair.get(g.pair.index);
    if (p) p.panels++;
    else panelsPerPair.set(g.pair.index, { pair: g.pair, panels: 1 });
  }
  const all = [...panelsPerPair.values()];
  const volume = (p: PlacePair) => traffic?.get(pairKey(p.a, p.b)) ?? 0;
  const ranked = traffic ? [...all].sort((x, y) => volume(y.pair) - volume(x.pair) || x.pair.index - y.pair.index) : all;
  const chosen = new Set<number>();
  let panels = 0;
  for (const p of ranked) {
    if (chosen.size >= maxPairs) break;
    if (chosen.size > 0 && panels + p.panels > maxPanels) break;
    chosen.add(p.pair.index);
    panels += p.panels;
  }
  const ofChosen = groups.filter((g) => chosen.has(g.pair.index));
  const shown = ofChosen.slice(0, maxPanels);
  return {
    shown,
    pairs: chosen.size,
    pairsInData: all.length,
    panels: shown.length,
    panelsOfShownPairs: ofChosen.length,
    ranked: traffic !== undefined,
  };
}

/**
 * The sentence that says what a chart left out, or `null` when it draws everything: the pairs (from
 * `choice`), then `more` (each a phrase: "each panel’s 6 most recent periods").
 * @example
 * const choice = { shown: [], pairs: 4, pairsInData: 180, panels: 4, panelsOfShownPairs: 4, ranked: true };
 * shownSentence(choice, ['each panel\u2019s 6 most recent periods'])
 * // => "Showing the 4 place pairs with the most travellers (of 180) and each panel\u2019s 6 most recent periods; every figure is in the tables."
 */
export function shownSentence(choice: PanelChoice<unknown> | null, more: readonly string[] = [], loc: Locale = ENGLISH): string | null {
  const parts: string[] = [];
  if (choice && choice.pairs < choice.pairsInData) {
    const values = { pairs: choice.pairs, total: String(choice.pairsInData) };
    parts.push(loc.t(choice.ranked ? 'shown.pairsRanked' : 'shown.pairsFirst', values));
  }
  if (choice && choice.panels < choice.panelsOfShownPairs)
    parts.push(
      loc.t('shown.panels', { panels: String(choice.panels), all: String(choice.panelsOfShownPairs), count: choice.panelsOfShownPairs }),
    );
  parts.push(...more);
  return parts.length === 0 ? null : loc.t('shown.sentence', { list: listWords(parts, undefined, loc) });
}

/**
 * What a chart of panels with a few periods each left out (see `shownSentence`): `groups` are the panels
 * drawn, each with its periods drawn (`items`) and all of them (`all`); `max` and `unit` word the cut.
 */
export function leftOut(
  choice: PanelChoice<unknown>,
  groups: readonly { items: readonly unknown[]; all: readonly unknown[] }[],
  max: number = LIMITS.periods,
  unit: 'periods' | 'steps' = 'periods',
  loc: Locale = ENGLISH,
): string | null {
  const cut = groups.some((g) => g.items.length < g.all.length);
  return shownSentence(choice, cut ? [loc.t(unit === 'periods' ? 'shown.recentPeriods' : 'shown.recentSteps', { max })] : [], loc);
}

/**
 * The `max` most recent of some periods, in the order given: a later end is more recent, an open end
 * ("since 1992") the most recent, then a later start; ties keep the order given.
 */
export function mostRecent<T>(items: readonly T[], max: number, start: (t: T) => number, end: (t: T) => number | null): T[] {
  if (items.length <= max) return [...items];
  const order = items.map((t, i) => ({ t, i, end: end(t) ?? Number.POSITIVE_INFINITY, start: start(t) }));
  order.sort((x, y) => y.end - x.end || y.start - x.start || x.i - y.i);
  const keep = new Set(order.slice(0, max).map((o) => o.i));
  return items.filter((_, i) => keep.has(i));
}

/** Smallest and largest of some numbers, without spreading them into arguments (safe for any count). */
export function extent(values: Iterable<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
