import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionsHelp, parseArgs, type OptionSpec } from '../../src/cli-args.js';
import { main } from '../../src/cli.js';
import { UsageError } from '../../src/messages.js';

const SPECS: OptionSpec[] = [
  { name: 'out', value: 'DIR', help: 'where' },
  { name: 'end-year', value: 'Y', help: 'year' },
  { name: 'notebooks', help: 'also notebooks' },
  { name: 'quiet', short: 'q', help: 'quiet' },
  { name: 'help', short: 'h', help: 'help' },
];

const parse = (...argv: string[]) => {
  const p = parseArgs(argv, SPECS, 'build');
  return { positionals: p.positionals, options: Object.fromEntries(p.options) };
};
const usage = (...argv: string[]) => {
  try {
    parseArgs(argv, SPECS, 'build');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('parseArgs', () => {
  it('reads --name value, --name=value, flags, short flags and positionals in any order', () => {
    expect(parse('a.csv', '--out', 'o', '--end-year=2016', '--notebooks', '-q')).toEqual({
      positionals: ['a.csv'],
      options: { out: 'o', 'end-year': '2016', notebooks: true, quiet: true },
    });
    expect(parse('-qh')).toEqual({ positionals: [], options: { quiet: true, help: true } });
  });

  it('keeps a lone dash and everything after -- as positionals', () => {
    expect(parse('-', '--', '--out', '-q')).toEqual({ positionals: ['-', '--out', '-q'], options: {} });
  });

  it('lets the last of a repeated option win, and takes a value that starts with one dash', () => {
    expect(parse('--out', 'a', '--out', 'b')).toEqual({ positionals: [], options: { out: 'b' } });
    expect(parse('--out', '-x')).toEqual({ positionals: [], options: { out: '-x' } });
    expect(parse('--out=--x')).toEqual({ positionals: [], options: { out: '--x' } });
  });

  it('refuses an unknown option, long or short, naming it as written', () => {
    expect(usage('--bogus')).toBe('build: unknown option --bogus (see kuril-exchange build --help)');
    expect(usage('-x')).toBe('build: unknown option -x (see kuril-exchange build --help)');
    expect(usage('--__proto__')).toBe('build: unknown option --__proto__ (see kuril-exchange build --help)');
    // The long name of a short-only letter is not an option.
    expect(usage('--q')).toBe('build: unknown option --q (see kuril-exchange build --help)');
  });

  it('refuses a missing value, or another long option where the value should be', () => {
    expect(usage('--out')).toBe('build: --out needs a value DIR');
    expect(usage('--out', '--quiet')).toBe('build: --out needs a value DIR');
    expect(usage('--end-year')).toBe('build: --end-year needs a value Y');
  });

  it('refuses a value given to a flag', () => {
    expect(usage('--notebooks=yes')).toBe('build: --notebooks takes no value');
  });

  it('reports the first problem from the left', () => {
    expect(usage('--bogus', '--out')).toBe('build: unknown option --bogus (see kuril-exchange build --help)');
    expect(usage('--out', '--bogus')).toBe('build: --out needs a value DIR');
  });

  it('writes aligned help lines', () => {
    expect(optionsHelp(SPECS.slice(0, 3))).toBe(
      ['  --out DIR     where', '  --end-year Y  year', '  --notebooks   also notebooks'].join('\n'),
    );
  });
});

/** Runs the CLI in this process; exit code and what it printed. */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), write: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the command line: usage errors exit 2 with one line naming the fix', () => {
  it.each([
    [['nosuch'], 'kuril-exchange: unknown command "nosuch"; commands: analyze, build, charts, notebook, reconcile, validate, verify'],
    [['__proto__'], 'kuril-exchange: unknown command "__proto__"; commands: analyze, build, charts, notebook, reconcile, validate, verify'],
    [['analyze'], 'kuril-exchange: analyze: --table is required: ratios, shares, changes or cumulative'],
    [['analyze', 'a', 'b', '--table', 'ratios'], 'kuril-exchange: analyze: expected at most one FILE (see kuril-exchange analyze --help)'],
    [['analyze', '--table', '--format'], 'kuril-exchange: analyze: --table needs a value NAME'],
    [['analyze', '--table=ratios', '--format', 'xml'], 'kuril-exchange: analyze: --format must be csv or json, got "xml"'],
    [['analyze', '--table', 'nope'], 'kuril-exchange: analyze: --table must be one of ratios, shares, changes, cumulative, got "nope"'],
    [['analyze', '-V'], 'kuril-exchange: analyze: unknown option -V (see kuril-exchange analyze --help)'],
    [['analyze', '--quiet=1'], 'kuril-exchange: analyze: --quiet takes no value'],
    [['analyze', '--table', 'ratios', '--end-year', '20'], 'kuril-exchange: analyze: --end-year needs a four-digit year, got "20"'],
    [['build', 'a', 'b'], 'kuril-exchange: build: expected at most one FILE (see kuril-exchange build --help)'],
    [
      ['build', '--formats', 'xx', '--out', 'never-written'],
      'kuril-exchange: build: --formats: "xx" is not a format; expected a comma-separated list of csv, json, svg, png, html',
    ],
    [['charts'], 'kuril-exchange: charts: --out DIR is required (the folder to write the charts to)'],
    [['charts', '--out'], 'kuril-exchange: charts: --out needs a value DIR'],
    [['notebook'], 'kuril-exchange: notebook: expected one FILE.ts (see kuril-exchange notebook --help)'],
    [['validate'], 'kuril-exchange: validate: expected one FILE (see kuril-exchange validate --help)'],
    [['validate', '-', '--sources'], 'kuril-exchange: validate: --sources needs a value FILE'],
    [['verify', 'a', 'b'], 'kuril-exchange: verify: expected at most one DIR (see kuril-exchange verify --help)'],
    [['verify', '--debug', '--bogus'], 'kuril-exchange: verify: unknown option --bogus (see kuril-exchange verify --help)'],
  ])('%j', async (argv, line) => {
    const r = await run(...argv);
    expect(r).toEqual({ code: 2, out: '', err: line });
  });

  it('prints the main help and exits 2 with no command, 0 when asked for it', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/^kuril-exchange \d+\.\d+\.\d+: two-way exchange figures/);
    expect(none.out).toContain('\n  analyze    print one analysis table (ratios, shares, changes or cumulative) as CSV or JSON\n');
    expect(none.out).toContain('\n  reconcile  what all the figures of all sources imply together, and which cannot all hold (exit 3)\n');
    expect(
      none.out.endsWith('Exit codes: 0 ok, 2 bad input or usage, 1 internal error, 3 reconcile found figures that cannot all hold.'),
    ).toBe(true);
    for (const ask of ['--help', '-h', 'help']) expect(await run(ask)).toEqual({ code: 0, out: none.out, err: '' });
  });

  it('prints the version from package.json for --version and -V', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run('--version')).toEqual({ code: 0, out: version, err: '' });
    expect(await run('-V')).toEqual({ code: 0, out: version, err: '' });
  });

  it("prints a command's help, with the common options after its own", async () => {
    const r = await run('verify', '-h');
    expect(r).toEqual({
      code: 0,
      err: '',
      out: [
        'Usage: kuril-exchange verify [DIR]',
        '',
        'build a folder again from the inputs and options in its manifest and list every file that differs',
        '',
        'Options:',
        '  --help   show this help',
        '  --quiet  no progress lines on stderr',
        '  --debug  print stack traces of internal errors',
      ].join('\n'),
    });
  });
});
