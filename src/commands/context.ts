import type { ProgressStream } from '../stream/progress.js';

/** What a command may do to the outside world; the CLI supplies it, tests can capture it. */
export interface CommandContext {
  /** A line on stdout (a newline is added). */
  stdout: (text: string) => void;
  /** Text on stdout as it is (for tables that end with their own newline). */
  write: (text: string) => void;
  /** A line on stderr. */
  stderr: (text: string) => void;
  /** Progress lines; silent under --quiet. */
  progress: (text: string) => void;
  /** Where a live progress line for long work goes (stderr); `null` under --quiet. Drawn only on a terminal. */
  progressStream?: ProgressStream | null;
}
