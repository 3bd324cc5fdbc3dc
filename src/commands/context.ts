/** What a command may do to the outside world; the CLI supplies it, tests can capture it. */
export interface CommandContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines; silent under --quiet. */
  progress(text: string): void;
}
