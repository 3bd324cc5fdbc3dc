import { readFileSync } from 'node:fs';
import { InputError, UsageError, formatProblem, msg } from './messages.js';
import { optionsHelp, parseArgs, type OptionSpec } from './cli-args.js';
import type { CommandContext } from './commands/context.js';

// The only module that knows about argv, stdout/stderr and exit codes:
// 0 ok, 2 bad input or usage, 1 internal error.

const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Command {
  summary: string;
  usage: string;
  options: OptionSpec[];
  run(positionals: string[], options: Map<string, string | true>, ctx: CommandContext): Promise<number>;
}

const COMMON: OptionSpec[] = [
  { name: 'help', help: 'show this help' },
  { name: 'quiet', help: 'no progress lines on stderr' },
  { name: 'debug', help: 'print stack traces of internal errors' },
];

const COMMANDS: Record<string, Command> = {
  analyze: {
    summary: 'print one analysis table (ratios, shares, changes or cumulative) as CSV or JSON',
    usage: 'kuril-exchange analyze [FILE] --table ratios|shares|changes|cumulative [--format csv|json] [--end-year Y] [--sources FILE]',
    options: [
      { name: 'table', value: 'NAME', help: 'ratios, shares, changes or cumulative' },
      { name: 'format', value: 'FORMAT', help: 'csv (default) or json' },
      { name: 'end-year', value: 'Y', help: 'last year an open-ended ("since") figure counts (default: the latest single year)' },
      { name: 'sources', value: 'FILE', help: 'check source_id against this sources CSV' },
      ...COMMON,
    ],
    async run(pos, opts, ctx) {
      if (pos.length > 1) throw new UsageError('analyze: expected at most one FILE (see kuril-exchange analyze --help)');
      const table = str(opts, 'table');
      if (!table) throw new UsageError('analyze: --table is required: ratios, shares, changes or cumulative');
      const format = str(opts, 'format') ?? 'csv';
      if (format !== 'csv' && format !== 'json')
        throw new UsageError(`analyze: --format must be csv or json, got ${JSON.stringify(format)}`);
      const { analyzeCommand } = await import('./commands/analyze.js');
      return analyzeCommand(
        { file: pos[0], sources: str(opts, 'sources'), table, format, endYear: year(opts, 'end-year', 'analyze') },
        ctx,
      );
    },
  },
  build: {
    summary: 'write every output (data, tables, charts, report, data package, manifest) into one folder, atomically',
    usage:
      'kuril-exchange build [FILE] [--sources FILE] [--events FILE] [--out DIR] [--formats csv,json,svg,png,html] [--end-year Y] [--notebooks]',
    options: [
      { name: 'sources', value: 'FILE', help: 'sources CSV (default with no FILE: the embedded one)' },
      { name: 'events', value: 'FILE', help: 'events CSV for chart annotations (default with no FILE: the embedded one)' },
      { name: 'out', value: 'DIR', help: 'output folder, replaced only when the build is complete (default out)' },
      { name: 'formats', value: 'LIST', help: 'what to write, comma-separated: csv, json, svg, png, html (default: all)' },
      { name: 'end-year', value: 'Y', help: 'last year an open-ended ("since") figure counts (default: the latest single year)' },
      { name: 'notebooks', help: 'also run notebooks/*.ts into DIR/notebooks (slower)' },
      ...COMMON,
    ],
    async run(pos, opts, ctx) {
      if (pos.length > 1) throw new UsageError(msg.buildUsage());
      const { buildCommand } = await import('./commands/build.js');
      return buildCommand(
        {
          file: pos[0],
          sources: str(opts, 'sources'),
          events: str(opts, 'events'),
          out: str(opts, 'out'),
          formats: str(opts, 'formats'),
          endYear: year(opts, 'end-year', 'build'),
          notebooks: opts.has('notebooks'),
        },
        ctx,
      );
    },
  },
  charts: {
    summary: 'draw the charts (annual-flows, ratios, cumulative, shares, changes) as Vega-Lite specs, SVG and PNG',
    usage: 'kuril-exchange charts [FILE] --out DIR [--formats vl,svg,png] [--sources FILE] [--events FILE] [--end-year Y]',
    options: [
      { name: 'out', value: 'DIR', help: 'folder to write NAME.vl.json, NAME.svg and NAME.png to (created when missing)' },
      { name: 'formats', value: 'LIST', help: 'what to write, comma-separated: vl, svg, png (default: all)' },
      { name: 'sources', value: 'FILE', help: 'sources CSV for the source lines (default with no FILE: the embedded one)' },
      { name: 'events', value: 'FILE', help: 'events CSV for annotations (default with no FILE: the embedded one)' },
      { name: 'end-year', value: 'Y', help: 'last year an open-ended ("since") figure counts (default: the latest single year)' },
      ...COMMON,
    ],
    async run(pos, opts, ctx) {
      if (pos.length > 1) throw new UsageError(msg.chartsUsage());
      const out = str(opts, 'out');
      if (!out) throw new UsageError(msg.chartsOutRequired());
      const { chartsCommand } = await import('./commands/charts.js');
      return chartsCommand(
        {
          file: pos[0],
          out,
          formats: str(opts, 'formats'),
          sources: str(opts, 'sources'),
          events: str(opts, 'events'),
          endYear: year(opts, 'end-year', 'charts'),
        },
        ctx,
      );
    },
  },
  notebook: {
    summary: 'run a percent-format TypeScript notebook into NAME.ipynb and offline NAME.html',
    usage: 'kuril-exchange notebook FILE.ts [--out DIR] [--allow-errors]',
    options: [
      { name: 'out', value: 'DIR', help: 'folder for NAME.ipynb and NAME.html (default out/notebooks)' },
      { name: 'allow-errors', help: 'run the cells after one that throws, and exit 0' },
      ...COMMON,
    ],
    async run(pos, opts, ctx) {
      const { notebookCommand } = await import('./commands/notebook.js');
      return notebookCommand(pos, { out: str(opts, 'out'), allowErrors: opts.has('allow-errors') }, ctx);
    },
  },
  reconcile: {
    summary: 'what all the figures of all sources imply together, and which cannot all hold (exit 3)',
    usage:
      'kuril-exchange reconcile [FILE] [--sources FILE] [--table consistency|implied] [--format csv|json] [--approx-tolerance F] [--end-year Y]',
    options: [
      {
        name: 'sources',
        value: 'FILE',
        help: 'sources CSV: open periods end by their as_of or published date (default with no FILE: the embedded one)',
      },
      { name: 'table', value: 'NAME', help: 'consistency (default: one row per figure) or implied (intervals the figures imply)' },
      { name: 'format', value: 'FORMAT', help: 'csv (default) or json' },
      { name: 'approx-tolerance', value: 'F', help: 'an "approximately" figure n stands for n × (1 ± F) (default 0.05)' },
      { name: 'end-year', value: 'Y', help: 'the year every open-ended ("since") figure ends in (default: unknown, within its range)' },
      ...COMMON,
    ],
    async run(pos, opts, ctx) {
      const { reconcileText } = await import('./messages.js');
      if (pos.length > 1) throw new UsageError(reconcileText.tooManyFiles());
      const { reconcileCommand } = await import('./commands/reconcile.js');
      return reconcileCommand(
        {
          file: pos[0],
          sources: str(opts, 'sources'),
          table: str(opts, 'table'),
          format: str(opts, 'format'),
          approxTolerance: str(opts, 'approx-tolerance'),
          endYear: year(opts, 'end-year', 'reconcile'),
        },
        ctx,
      );
    },
  },
  validate: {
    summary: 'check an exchange-visits CSV against the schema',
    usage: 'kuril-exchange validate FILE [--sources FILE]',
    options: [{ name: 'sources', value: 'FILE', help: 'check source_id against the ids in this sources CSV' }, ...COMMON],
    async run(pos, opts, ctx) {
      const file = pos[0];
      if (!file || pos.length > 1) throw new UsageError('validate: expected one FILE (see kuril-exchange validate --help)');
      const { validateCommand } = await import('./commands/validate.js');
      return validateCommand(file, str(opts, 'sources'), ctx);
    },
  },
  verify: {
    summary: 'build a folder again from the inputs and options in its manifest and list every file that differs',
    usage: 'kuril-exchange verify [DIR]',
    options: [...COMMON],
    async run(pos, _opts, ctx) {
      if (pos.length > 1) throw new UsageError(msg.verifyUsage());
      const { verifyCommand } = await import('./commands/verify.js');
      return verifyCommand(pos[0] ?? 'out', ctx);
    },
  },
};

// A path the user gave that cannot be used: bad input (exit 2).
const BAD_PATH = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'ENAMETOOLONG', 'ELOOP']);
// The machine cannot take the write (full disk, read-only, quota): not the user's input, not our bug.
const CANNOT_WRITE = new Set(['ENOSPC', 'EFBIG', 'EROFS', 'EPERM', 'EDQUOT', 'EIO']);

function str(opts: Map<string, string | true>, name: string): string | undefined {
  const v = opts.get(name);
  return typeof v === 'string' ? v : undefined;
}

function year(opts: Map<string, string | true>, name: string, command: string): number | undefined {
  const v = opts.get(name);
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]{4}$/.test(v))
    throw new UsageError(`${command}: --${name} needs a four-digit year, got ${JSON.stringify(v)}`);
  return Number(v);
}

function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    `kuril-exchange ${VERSION}: two-way exchange figures with provenance, analyses, charts and notebooks`,
    '',
    'Usage: kuril-exchange COMMAND [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n]!.summary}`),
    '',
    "Run `kuril-exchange COMMAND --help` for a command's options.",
    'Exit codes: 0 ok, 2 bad input or usage, 1 internal error, 3 reconcile found figures that cannot all hold.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', optionsHelp(c.options)].join('\n');
}

/** Runs the command line; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: { stdout?: (s: string) => void; write?: (s: string) => void; stderr?: (s: string) => void } = {},
): Promise<number> {
  const out = io.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const err = io.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  const raw = io.write ?? ((s: string) => process.stdout.write(s));
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      out(mainHelp());
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      out(VERSION);
      return 0;
    }
    const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const parsed = parseArgs(rest, command.options, name);
    if (parsed.options.has('help')) {
      out(commandHelp(command));
      return 0;
    }
    const quiet = parsed.options.has('quiet');
    const ctx: CommandContext = { stdout: out, write: raw, stderr: err, progress: quiet ? () => {} : (s) => err(s) };
    return await command.run(parsed.positionals, parsed.options, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`kuril-exchange: ${e.message}`);
      return 2;
    }
    if (e instanceof InputError) {
      for (const p of e.problems) err(formatProblem(p));
      return 2;
    }
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && BAD_PATH.has(code)) {
      err(`kuril-exchange: ${(e as Error).message}`);
      return 2;
    }
    if (code !== undefined && CANNOT_WRITE.has(code)) {
      // The build writes into a temporary folder and swaps it in only when complete, so a failed write
      // leaves the previous outputs as they were.
      err(`kuril-exchange: ${msg.cannotWrite((e as NodeJS.ErrnoException).path ?? null, (e as Error).message)}`);
      return 1;
    }
    err(`kuril-exchange: internal error: ${e instanceof Error ? e.message : String(e)}${debug ? '' : ' (run with --debug for details)'}`);
    if (debug && e instanceof Error && e.stack) err(e.stack);
    return 1;
  }
}
