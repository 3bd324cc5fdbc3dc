import { parseArgs as parseTokens, type ParseArgsConfig } from 'node:util';
import { UsageError, msg } from './messages.js';

/** One option of a command: a flag, or an option that takes a value (`value` names it in help and errors). */
export interface OptionSpec {
  readonly name: string;
  /** The value's placeholder, as `DIR`; absent for a flag. */
  readonly value?: string;
  /** One-letter form, as `q` for `-q`. */
  readonly short?: string;
  readonly help: string;
}

/** Parsed command line: positional arguments and option values by name (`true` for a flag). */
export interface Parsed {
  positionals: string[];
  options: Map<string, string | true>;
}

/**
 * Parses `--name value`, `--name=value`, `--flag`, `-q` (and `-qh`), and `--` before positionals that start
 * with a dash, with `node:util`'s `parseArgs`. Its tokens are checked here, left to right, so that errors
 * read as the rest of the CLI's: an unknown option, a value missing (or another `--option` where the value
 * should be), and a value given to a flag are usage errors. The last of a repeated option wins.
 * @throws UsageError
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): Parsed {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const s of specs) config[s.name] = { type: s.value ? 'string' : 'boolean', ...(s.short ? { short: s.short } : {}) };
  const { tokens } = parseTokens({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const byName = new Map(specs.map((s) => [s.name, s]));
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    if (t.kind !== 'option') continue;
    const spec = byName.get(t.name);
    if (!spec || (t.rawName.startsWith('--') ? t.rawName !== `--${spec.name}` : t.rawName !== `-${spec.short}`)) {
      throw new UsageError(msg.unknownOption(command, t.rawName));
    }
    if (spec.value) {
      // A value that is another long option means the value was left out (`--out --quiet`).
      if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) {
        throw new UsageError(msg.optionNeedsValue(command, spec.name, spec.value));
      }
      options.set(spec.name, t.value);
    } else {
      if (t.inlineValue) throw new UsageError(msg.optionTakesNoValue(command, spec.name));
      options.set(spec.name, true);
    }
  }
  return { positionals, options };
}

/** Help text for a command's options, aligned. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => `  --${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs.map((s, i) => `${left[i]!.padEnd(width)}${s.help}`).join('\n');
}
