import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { outputText, readIpynb, requireBuild, runCli, type CliRun, type Ipynb } from './run-cli.js';
import { nbformatErrors } from './schema.js';

// The shipped notebooks, executed by the compiled command line. Expected numbers are computed here
// from the six figures, independently of the analysis code.
const FIGURES = { japan2015: 761, kurils2015: 299, japan2016: 802, kurils2016: 281, japanSince: 20000, kurilsSince: 9500 };
const SINCE = 1992;
const PUBLISHED = 2021;

const { dir, cleanup } = tempDir('kuril-shipped-');
afterAll(cleanup);
beforeAll(requireBuild);

interface Executed {
  cli: CliRun;
  nb: Ipynb;
  html: string;
  text: string;
}

function execute(name: string, out = join(dir, name)): Executed {
  const cli = runCli(['notebook', `notebooks/${name}.ts`, '--out', out]);
  const nb = readIpynb(join(out, `${name}.ipynb`));
  return { cli, nb, html: readFileSync(join(out, `${name}.html`), 'utf8'), text: nb.cells.map(outputText).join('\n') };
}

/** Names of the charts a notebook displayed, from their text/plain label `<chart NAME: title>`. */
function chartNames(nb: Ipynb): string[] {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.data?.['image/svg+xml'])
    .map((o) => /^<chart ([^:>]+)/.exec(String((o.data!['text/plain'] as string[]).join('')))![1]!);
}

function cleanRun(r: Executed): void {
  expect(r.cli.stderr).not.toMatch(/Error/);
  expect(r.cli.code).toBe(0);
  const errors = r.nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === 'error' || o.name === 'stderr');
  expect(errors).toEqual([]);
  expect(r.nb.cells.filter((c) => c.cell_type === 'code').every((c) => typeof c.execution_count === 'number')).toBe(true);
  expect(nbformatErrors(r.nb)).toEqual([]);
  expect(r.html).not.toMatch(/<script/i);
}

describe('notebooks/exchange-visits.ts', () => {
  let r: Executed;
  beforeAll(() => {
    r = execute('exchange-visits');
  });

  it('runs every cell without an error', () => cleanRun(r));

  it('shows the data with its quotes', () => {
    for (const n of Object.values(FIGURES)) expect(r.text).toContain(String(n));
    expect(r.text).toContain('> In 2016, 802 Japanese citizens visited Russia, and 281 South Kurils residents traveled to\u00a0Japan.');
    expect(r.text).toContain('"over 20,000" is a lower bound');
  });

  it('shows the ratios: exact for single years, a lower bound since 1992', () => {
    const ratio2016 = FIGURES.japan2016 / FIGURES.kurils2016; // 2.8541
    const ratio2015 = FIGURES.japan2015 / FIGURES.kurils2015; // 2.5452
    const ratioSince = FIGURES.japanSince / FIGURES.kurilsSince; // 2.1053, "over" in the numerator
    expect(r.text).toMatch(
      new RegExp(`2016\\s+2016\\s+${ratio2016.toFixed(3)}\\s+${ratio2016.toFixed(3)}\\s+${ratio2016.toFixed(3)}\\s+exact`),
    );
    expect(r.text).toMatch(
      new RegExp(`2015\\s+2015\\s+${ratio2015.toFixed(3)}\\s+${ratio2015.toFixed(3)}\\s+${ratio2015.toFixed(3)}\\s+exact`),
    );
    expect(r.text).toMatch(new RegExp(`${SINCE}\\s+${ratioSince.toFixed(3)}\\s+${ratioSince.toFixed(3)}\\s+lower`));
    // In prose: 2 decimals, a lower bound rounded down.
    expect(r.text).toContain(`**${ratio2016.toFixed(2)}** visitors`);
    expect(r.text).toContain(`(${ratio2015.toFixed(2)} in 2015)`);
    expect(r.text).toContain(`Since ${SINCE} the ratio is **more than ${(Math.floor(ratioSince * 100) / 100).toFixed(2)}**`);
  });

  it('shows the shares of the two-way total', () => {
    const total2016 = FIGURES.japan2016 + FIGURES.kurils2016; // 1083
    const total2015 = FIGURES.japan2015 + FIGURES.kurils2015; // 1060
    expect(r.text).toContain(
      `Of the ${total2016} crossings in 2016, visits to the islands made up ${((FIGURES.japan2016 / total2016) * 100).toFixed(1)} %`,
    );
    expect(r.text).toContain(`(${((FIGURES.japan2015 / total2015) * 100).toFixed(1)} % of ${total2015} in 2015)`);
    expect(r.text).toMatch(new RegExp(`2016\\s+2016\\s+${(FIGURES.japan2016 / total2016).toFixed(3)}`));
    const shareSince = FIGURES.japanSince / (FIGURES.japanSince + FIGURES.kurilsSince); // 0.678, a lower bound
    expect(r.text).toContain(`Since ${SINCE} the share is more than ${(Math.floor(shareSince * 1000) / 10).toFixed(1)} %`);
  });

  it('shows the changes from 2015 to 2016', () => {
    const up = FIGURES.japan2016 - FIGURES.japan2015; // +41
    const down = FIGURES.kurils2016 - FIGURES.kurils2015; // -18
    expect(r.text).toContain(`visits to the islands changed by +${up}\n(+${((up / FIGURES.japan2015) * 100).toFixed(1)} %)`);
    expect(r.text).toContain(`visits to Japan by ${down}\n(${((down / FIGURES.kurils2015) * 100).toFixed(1)} %)`);
  });

  it('shows the averages a year since 1992 for the base and last end year', () => {
    const years2016 = 2016 - SINCE + 1; // 25
    const years2019 = 2019 - SINCE + 1; // 28
    // "over 20,000" is strictly more, so the average is "more than 800", never "at least".
    expect(r.text).toContain(`more than ${FIGURES.japanSince / years2016} Japanese visitors a year`); // 800
    expect(r.text).toContain(`more than ${Math.floor(FIGURES.japanSince / years2019)}`); // 714
  });

  it('draws every chart', () => {
    expect(chartNames(r.nb)).toEqual(['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources']);
    expect(r.html.match(/<figure class="kx-chart"><svg /g)).toHaveLength(6);
  });

  it('says what the figures do not support', () => {
    expect(r.text).toContain('*A trend.* Two single years give one change');
    expect(r.text).toContain(`The since-${SINCE} ratio is only a lower bound`);
    expect(r.text).toContain("The totals' end date is uncertain");
    expect(r.text).toContain(`published in ${PUBLISHED}`);
  });
});

describe('notebooks/cumulative-sensitivity.ts', () => {
  let r: Executed;
  beforeAll(() => {
    r = execute('cumulative-sensitivity');
  });

  it('runs every cell without an error', () => cleanRun(r));

  it('tabulates the averages for end years 2016 to 2019 and the publication year', () => {
    for (const end of [2016, 2017, 2018, 2019, PUBLISHED]) {
      const years = end - SINCE + 1;
      const japan = FIGURES.japanSince / years;
      const kurils = FIGURES.kurilsSince / years;
      // "over 20,000" makes the Japanese average a strict lower bound, rounded down; the 2016 flow over it an upper bound, rounded up.
      const japanWords = `more than ${Math.floor(japan)}`;
      const flowMultiple = Math.ceil((FIGURES.japan2016 / japan) * 100) / 100;
      expect(r.text).toMatch(
        new RegExp(
          `${end}\\s+${years}\\s+Japan → South Kuril Islands\\s+${japanWords}\\s+less than [0-9.]+\\s+less than ${flowMultiple.toFixed(2)}`,
        ),
      );
      expect(r.text).toMatch(
        new RegExp(
          `${end}\\s+${years}\\s+South Kuril Islands → Japan\\s+${Math.round(kurils)}\\s+${(FIGURES.kurils2015 / kurils).toFixed(2)}\\s+${(FIGURES.kurils2016 / kurils).toFixed(2)}`,
        ),
      );
    }
  });

  it('draws its own chart, built in the notebook', () => {
    expect(chartNames(r.nb)).toEqual(['average-by-end-year']);
    const chart = r.nb.cells.flatMap((c) => c.outputs ?? []).find((o) => o.data?.['image/svg+xml'])!;
    expect(chart.data!['application/vnd.vegalite.v6+json']).toMatchObject({ layer: expect.any(Array) });
  });

  it('gives the same files when run again', () => {
    const again = execute('cumulative-sensitivity', join(dir, 'again'));
    expect(again.cli.code).toBe(0);
    expect(readFileSync(join(dir, 'again', 'cumulative-sensitivity.ipynb'))).toEqual(
      readFileSync(join(dir, 'cumulative-sensitivity', 'cumulative-sensitivity.ipynb')),
    );
    expect(again.html).toBe(r.html);
  });
});

describe('a notebook run as a plain script (tsx)', () => {
  const { dir: cwd, cleanup: done } = tempDir('kuril-script-');
  afterAll(done);

  it('prints its tables and writes its charts to files', () => {
    const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'notebooks', 'exchange-visits.ts')], {
      cwd,
      encoding: 'utf8',
    });
    expect(out).toMatch(new RegExp(`2016\\s+2016\\s+${(FIGURES.japan2016 / FIGURES.kurils2016).toFixed(3)}`));
    expect(out).toContain('Since 1992 the ratio is **more than 2.10**');
    for (const name of ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes']) {
      const svg = join('out', 'notebook-charts', 'exchange-visits', `${name}.svg`);
      expect(out).toContain(`chart ${name}: ${svg}, ${svg.replace(/svg$/, 'png')}`);
      expect(existsSync(join(cwd, svg))).toBe(true);
      expect(
        readFileSync(join(cwd, svg.replace(/svg$/, 'png')))
          .subarray(1, 4)
          .toString('latin1'),
      ).toBe('PNG');
    }
  });
});
