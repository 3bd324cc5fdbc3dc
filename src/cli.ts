import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { TOOL_VERSION } from './build/version.js';
import { optionsHelp, parseArgs, type OptionSpec } from './cli-args.js';
import type { CommandContext } from './commands/context.js';
import type { ProgressStream } from './stream/progress.js';
import { LANGS, NAMINGS, type Lang, type Naming } from './dataset/places.js';
import { InputError, UsageError, formatProblem, help, msg, reconcileText } from './messages.js';

// The only module that knows about argv, stdout/stderr and exit codes:
// 0 ok, 2 bad input or usage, 1 internal error.

/** What a command's `run` gets: its positional arguments and its options by name. */
interface Args {
  readonly positionals: readonly string[];
  /** An option's value, or undefined when it was not given. */
  str(name: string): string | undefined;
  /** Whether a flag was given. */
  has(name: string): boolean;
  /** A four-digit year option (a usage error otherwise), or undefined when it was not given. */
  year(name: string): number | undefined;
  /** `--lang`, `--naming` and `--places`, checked (a usage error on an unknown language or naming). */
  language(): { lang?: Lang; naming?: Naming; places?: string };
}

/**
 * One command: its help texts (in messages.ts, under the same name), its options as `name` or
 * `name VALUE` (the common ones are added), and what it runs. Adding a command is one entry here
 * and one in `help`.
 */
interface Command {
  readonly options: readonly string[];
  run(args: Args, ctx: CommandContext): Promise<number>;
}

/**
 * Whether a build is short enough (the embedded data, or an input under 4 MiB) that its WebAssembly (HiGHS
 * for the reconciliation, HarfBuzz for the font copies) should run on V8's baseline code only. V8's optimising
 * compiler would recompile HiGHS's hot functions on background threads, about 0.9 s of CPU in a build on the
 * embedded data, whose solves take about 0.2 s; in a long reconciliation the optimised code pays for itself
 * (about 8 % faster on 10^5 rows). The results are the same either way (WebAssembly arithmetic is exact). A
 * process-wide V8 setting, made before any WebAssembly is compiled.
 */
function shortBuild(file: string | undefined): boolean {
  if (file === undefined) return true;
  try {
    return statSync(file).size < 4 * 2 ** 20;
  } catch {
    return true; // the build reports the missing file
  }
}

const COMMANDS = {
  analyze: {
    options: ['table NAME', 'format FORMAT', 'end-year Y', 'sources FILE'],
    async run(a, ctx) {
      if (a.positionals.length > 1) throw new UsageError(msg.analyzeUsage());
      const table = a.str('table');
      if (!table) throw new UsageError(msg.analyzeTableRequired());
      const format = a.str('format') ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new UsageError(msg.analyzeFormat(format));
      const { analyzeCommand } = await import('./commands/analyze.js');
      return analyzeCommand({ file: a.positionals[0], sources: a.str('sources'), table, format, endYear: a.year('end-year') }, ctx);
    },
  },
  build: {
    options: [
      'sources FILE',
      'events FILE',
      'out DIR',
      'formats LIST',
      'end-year Y',
      'notebooks',
      'lang LANG',
      'naming NAMING',
      'places FILE',
    ],
    async run(a, ctx) {
      if (a.positionals.length > 1) throw new UsageError(msg.buildUsage());
      if (shortBuild(a.positionals[0])) setFlagsFromString('--liftoff-only');
      const { buildCommand } = await import('./commands/build.js');
      const [sources, events, out, formats] = [a.str('sources'), a.str('events'), a.str('out'), a.str('formats')];
      return buildCommand(
        {
          file: a.positionals[0],
          sources,
          events,
          out,
          formats,
          endYear: a.year('end-year'),
          notebooks: a.has('notebooks'),
          ...a.language(),
        },
        ctx,
      );
    },
  },
  charts: {
    options: ['out DIR', 'formats LIST', 'sources FILE', 'events FILE', 'end-year Y', 'lang LANG', 'naming NAMING', 'places FILE'],
    async run(a, ctx) {
      if (a.positionals.length > 1) throw new UsageError(msg.chartsUsage());
      const out = a.str('out');
      if (!out) throw new UsageError(msg.chartsOutRequired());
      const { chartsCommand } = await import('./commands/charts.js');
      const [formats, sources, events] = [a.str('formats'), a.str('sources'), a.str('events')];
      return chartsCommand({ file: a.positionals[0], out, formats, sources, events, endYear: a.year('end-year'), ...a.language() }, ctx);
    },
  },
  notebook: {
    options: ['out DIR', 'allow-errors', 'watch', 'port N', 'host H', 'open', 'lang LANG', 'naming NAMING'],
    async run(a, ctx) {
      const { notebookCommand } = await import('./commands/notebook.js');
      return notebookCommand(
        [...a.positionals],
        {
          out: a.str('out'),
          allowErrors: a.has('allow-errors'),
          watch: a.has('watch'),
          port: a.str('port'),
          host: a.str('host'),
          open: a.has('open'),
          ...a.language(),
        },
        ctx,
      );
    },
  },
  reconcile: {
    options: ['sources FILE', 'table NAME', 'format FORMAT', 'approx-tolerance F', 'end-year Y'],
    async run(a, ctx) {
      if (a.positionals.length > 1) throw new UsageError(reconcileText.tooManyFiles());
      const { reconcileCommand } = await import('./commands/reconcile.js');
      const [sources, table, format, approxTolerance] = [a.str('sources'), a.str('table'), a.str('format'), a.str('approx-tolerance')];
      return reconcileCommand({ file: a.positionals[0], sources, table, format, approxTolerance, endYear: a.year('end-year') }, ctx);
    },
  },
  validate: {
    options: ['sources FILE', 'places FILE'],
    async run(a, ctx) {
      const file = a.positionals[0];
      if (!file || a.positionals.length > 1) throw new UsageError(msg.validateUsage());
      const { validateCommand } = await import('./commands/validate.js');
      return validateCommand(file, a.str('sources'), ctx, a.str('places'));
    },
  },
  verify: {
    options: [],
    async run(a, ctx) {
      if (a.positionals.length > 1) throw new UsageError(msg.verifyUsage());
      const { verifyCommand } = await import('./commands/verify.js');
      return verifyCommand(a.positionals[0] ?? 'out', ctx);
    },
  },
} satisfies Record<keyof typeof help.commands, Command>;

type CommandName = keyof typeof COMMANDS;

/** The options every command takes, after its own. */
const COMMON: readonly OptionSpec[] = [
  { name: 'help', short: 'h', help: help.common.help },
  { name: 'quiet', short: 'q', help: help.common.quiet },
  { name: 'debug', help: help.common.debug },
];

/** A command's options, with their help texts, in the order help lists them. */
function commandOptions(name: CommandName): OptionSpec[] {
  const texts: Readonly<Record<string, string>> = help.commands[name].options;
  const own = COMMANDS[name].options.map((o): OptionSpec => {
    const [option, value] = o.split(' ') as [string, string | undefined];
    return { name: option, ...(value ? { value } : {}), help: texts[option] ?? '' };
  });
  return [...own, ...COMMON];
}

const NAMES = Object.keys(COMMANDS) as CommandName[];
const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

// A path the user gave that cannot be used: bad input (exit 2).
const BAD_PATH = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'ENAMETOOLONG', 'ELOOP']);
// The machine cannot take the write (full disk, read-only, quota): not the user's input, not our bug.
const CANNOT_WRITE = new Set(['ENOSPC', 'EFBIG', 'EROFS', 'EPERM', 'EDQUOT', 'EIO']);

function argsOf(positionals: readonly string[], options: ReadonlyMap<string, string | true>, command: string): Args {
  const str = (name: string) => {
    const v = options.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    positionals,
    str,
    has: (name) => options.has(name),
    year(name) {
      const v = str(name);
      if (v === undefined) return undefined;
      if (!/^[0-9]{4}$/.test(v)) throw new UsageError(msg.notYear(command, name, v));
      return Number(v);
    },
    language() {
      const [lang, naming, places] = [str('lang'), str('naming'), str('places')];
      if (lang !== undefined && !(LANGS as readonly string[]).includes(lang)) throw new UsageError(msg.langUnknown(command, lang, LANGS));
      if (naming !== undefined && !(NAMINGS as readonly string[]).includes(naming))
        throw new UsageError(msg.namingUnknown(command, naming, NAMINGS));
      return {
        ...(lang ? { lang: lang as Lang } : {}),
        ...(naming ? { naming: naming as Naming } : {}),
        ...(places ? { places } : {}),
      };
    },
  };
}

/** Runs the command line; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: {
    stdout?: (s: string) => void;
    write?: (s: string) => void;
    stderr?: (s: string) => void;
    progressStream?: ProgressStream | null;
  } = {},
): Promise<number> {
  const out = io.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const err = io.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  const raw = io.write ?? ((s: string) => process.stdout.write(s));
  const debug = argv.includes('--debug');
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      out(
        help.main(
          TOOL_VERSION,
          NAMES.map((n) => [n, help.commands[n].summary] as const),
        ),
      );
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
      out(TOOL_VERSION);
      return 0;
    }
    if (!isCommand(name)) throw new UsageError(msg.unknownCommand(name, NAMES));
    const specs = commandOptions(name);
    const parsed = parseArgs(rest, specs, name);
    if (parsed.options.has('help')) {
      out(help.command(help.commands[name].usage, help.commands[name].summary, optionsHelp(specs)));
      return 0;
    }
    const quiet = parsed.options.has('quiet');
    const ctx: CommandContext = {
      stdout: out,
      write: raw,
      stderr: err,
      progress: quiet ? () => {} : (s) => err(s),
      progressStream: quiet ? null : io.progressStream !== undefined ? io.progressStream : process.stderr,
    };
    return await COMMANDS[name].run(argsOf(parsed.positionals, parsed.options, name), ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(msg.fromCli(e.message));
      return 2;
    }
    if (e instanceof InputError) {
      for (const p of e.problems) err(formatProblem(p));
      return 2;
    }
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code !== undefined && BAD_PATH.has(code)) {
      err(msg.fromCli((e as Error).message));
      return 2;
    }
    if (code !== undefined && CANNOT_WRITE.has(code)) {
      // The build writes into a temporary folder and swaps it in only when complete, so a failed write
      // leaves the previous outputs as they were.
      err(msg.fromCli(msg.cannotWrite((e as NodeJS.ErrnoException).path ?? null, (e as Error).message)));
      return 1;
    }
    err(msg.fromCli(msg.internalError(e instanceof Error ? e.message : String(e), debug)));
    if (debug && e instanceof Error && e.stack) err(e.stack);
    return 1;
  }
}
