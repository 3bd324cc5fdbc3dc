import { verifyOutput } from '../build/verify.js';
import { msg } from '../messages.js';
import type { CommandContext } from './context.js';

/**
 * `verify [DIR]`: builds DIR again from the inputs and options in its manifest and lists every
 * difference on stdout. Exit 0 when there is none, 1 otherwise (2, through the CLI, when the manifest
 * is missing or invalid).
 */
export async function verifyCommand(dir: string, ctx: CommandContext): Promise<number> {
  const result = await verifyOutput(dir, ctx.progress);
  for (const d of result.differences) ctx.stdout(d.message);
  if (result.differences.length === 0) {
    ctx.stdout(msg.verifyOk(dir, result.files));
    return 0;
  }
  ctx.stdout(msg.verifyFailed(dir, result.differences.length));
  return 1;
}
