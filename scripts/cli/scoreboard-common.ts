/**
 * What `npm run scoreboard` and `npm run flows:scoreboard` share: their common flags, reading --seed
 * and --epochs, and publishing the Markdown (a description, the table, the command that reproduces
 * it and how long it took), printed and optionally written to a file.
 */
import { writeFile } from 'node:fs/promises';

/** The flags both commands take (parseArgs options); each adds its own. */
export const SCOREBOARD_OPTIONS = {
  seed: { type: 'string' },
  epochs: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** --seed (a non-negative integer) and --epochs (a positive integer), each defaulting to `defaults`. */
export function seedAndEpochs(values: { seed?: string; epochs?: string }, defaults: { seed: number; epochs: number }): { seed: number; epochs: number } {
  const seed = values.seed === undefined ? defaults.seed : Number(values.seed);
  const epochs = values.epochs === undefined ? defaults.epochs : Number(values.epochs);
  if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(epochs) || epochs < 1) {
    throw new Error('--seed must be a non-negative integer and --epochs a positive integer');
  }
  return { seed, epochs };
}

/**
 * Prints the scoreboard to stdout and, with `out`, writes it there too (progress goes to stderr).
 * `startedAt` is the performance.now() at the start of the run, for the time it took.
 */
export async function publishScoreboard(scoreboard: { description: string[]; table: string; command: string; startedAt: number; out?: string }): Promise<void> {
  const { description, table, command, startedAt, out } = scoreboard;
  const markdown = [
    ...description,
    '',
    table,
    '',
    `Reproduce: \`${command}\` (${((performance.now() - startedAt) / 1000).toFixed(0)} s on this machine).`,
  ].join('\n');
  console.log(markdown);
  if (out) {
    await writeFile(out, `${markdown}\n`);
    console.error(`wrote ${out}`);
  }
}
