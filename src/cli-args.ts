import { UsageError } from './messages.js';

/** How one option is read: a flag, or an option that takes a value. */
export interface OptionSpec {
  readonly name: string;
  readonly value?: string;
  readonly help: string;
}

/** Parsed command line: positional arguments and option values by name. */
export interface Parsed {
  positionals: string[];
  options: Map<string, string | true>;
}

/** Parses `--name value`, `--name=value` and `--flag`; unknown options are usage errors. */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byName.get(name);
      if (!spec) throw new UsageError(`${command}: unknown option --${name} (see ${commandHelp(command)})`);
      if (spec.value) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith('--')))
          throw new UsageError(`${command}: --${name} needs a value ${spec.value}`);
        options.set(name, value);
      } else {
        if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
        options.set(name, true);
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      const short = SHORT.get(arg);
      if (!short || !byName.has(short)) throw new UsageError(`${command}: unknown option ${arg} (see ${commandHelp(command)})`);
      options.set(short, true);
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, options };
}

const SHORT = new Map([
  ['-h', 'help'],
  ['-q', 'quiet'],
  ['-V', 'version'],
]);

function commandHelp(command: string): string {
  return command === 'kuril-exchange' ? 'kuril-exchange --help' : `kuril-exchange ${command} --help`;
}

/** Help text for a command's options, aligned. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => `  --${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `${left[i]!.padEnd(width)}${s.help}`).join('\n');
}
