import type { Locale } from './locale.js';
import type { MessageKey } from './en.js';
import { periodWords } from './words.js';

// The analysis tables give reasons in English (their CSV contents never change with the language).
// A chart or the report shows them in the reader's language: each reason the analyses write is matched
// back to its message (see `reasons` in messages.ts); a reason not recognised is shown as written.

const FIXED: Readonly<Record<string, MessageKey>> = {
  'reverse flow is 0': 'reason.reverseZero',
  'two-way total is 0': 'reason.totalZero',
  'both flows are open-ended (lower bounds only), so the ratio can be anything from 0 to infinity': 'reason.unboundedRatio',
  'both flows are open-ended (lower bounds only), so the share can be anything from 0 to 1': 'reason.unboundedShare',
  'both values are bounds in directions that cancel, so the change can be anything': 'reason.unboundedChange',
  'the cumulative figure is not bounded': 'reason.unboundedAverage',
  'approximate: computed from a figure reported as approximate': 'reason.approximate',
  'no end year: the data has no single-year figure to default to (set one with --end-year)': 'reason.noEndYear',
  'the cumulative figure is 0': 'reason.cumulativeZero',
};

/**
 * A reason from the analysis tables in the reader's language; place names in it are shown as the
 * locale names them. English, and reasons not recognised, come back as written.
 * @example reasonWords('reverse flow is 0', locale({ lang: 'ru' })) // => "обратный поток равен 0"
 */
export function reasonWords(reason: string, l: Locale): string {
  if (l.lang === 'en') return reason;
  const fixed = FIXED[reason];
  if (fixed) return l.t(fixed);
  let m = /^no (.+) to (.+) figure since (\d{4})$/.exec(reason);
  if (m) return l.t('reason.noFigureSince', { origin: l.place(m[1]!), destination: l.place(m[2]!), start: m[3]! });
  m = /^no (.+) to (.+) figure for (\d{4})(?:\u2013(\d{4}))?$/.exec(reason);
  if (m) {
    const [start, end] = [Number(m[3]), m[4] === undefined ? Number(m[3]) : Number(m[4])];
    const period = periodWords(start, end, l);
    return l.t('reason.noFigureFor', { origin: l.place(m[1]!), destination: l.place(m[2]!), period, count: end - start + 1 });
  }
  m = /^(\d{4}) value is 0, so the percent change is not defined$/.exec(reason);
  if (m) return l.t('reason.fromZero', { year: m[1]! });
  m = /^no ratio for (\d{4}): (.+)$/.exec(reason);
  if (m) return l.t('reason.ratioMissing', { year: m[1]!, why: reasonWords(m[2]!, l) });
  m = /^end year (\d{4}) is before the period's start (\d{4})$/.exec(reason);
  if (m) return l.t('reason.endBeforeStart', { end: m[1]!, start: m[2]! });
  m =
    /^the period ends in an unknown year from (\d{4}) \(the latest year its source reports\) to (\d{4}) \(the year of the source\u2019s (as_of|publication) date\); the average is over every one of them$/.exec(
      reason,
    );
  if (m) return l.t('reason.endYearRange', { from: m[1]!, to: m[2]!, basis: m[3]! });
  // Reasons joined with "; " (an open period's end years, then "approximate: …"): each part, when every part is known.
  // A reason may itself hold "; ", so each place it could be split is tried, the first part shortest first.
  for (let i = reason.indexOf('; '); i > 0; i = reason.indexOf('; ', i + 2)) {
    const [head, tail] = [reason.slice(0, i), reason.slice(i + 2)];
    const [h, t] = [reasonWords(head, l), reasonWords(tail, l)];
    if (h !== head && t !== tail) return `${h}${l.t('agree.rangeSeparator')}${t}`;
  }
  return reason;
}
