#!/usr/bin/env node
// The `dreamwatch` command (package.json "bin"): runs scripts/cli/dreamwatch.ts through tsx, so
// the CLI shares the service's own .npy/CSV decoders. See that file for the options.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/dreamwatch.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`dreamwatch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
