/**
 * `npm run curtains -- [flags]`: the CURTAINS sliding-window anomaly search on real data files
 * (default: the LHCO R&D files in ../shared/data/lhco-rnd). Prints the result table, writes the
 * report, figures and summary to --out, and with --export the anomaly classifier to
 * --model-dir/NAME.{onnx,json}. The committed models/curtains-lhco.{onnx,json} came from:
 *
 *   npm run curtains -- --export
 *
 * (all other settings at their defaults; the card records the full command line).
 */
import { resolve } from 'node:path';
import { repoRoot, sha256Bytes } from '../data/paths.js';
import { writeModel } from '../dream/card.js';
import { curtainsCard } from '../curtains/card.js';
import { CURTAINS_USAGE, curtainsCommandLine, parseCurtainsArgs } from '../curtains/options.js';
import { resultTable, validationLines, writeReport } from '../curtains/report.js';
import { runCurtains } from '../curtains/search.js';
import { describeWindow } from '../curtains/window.js';

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(CURTAINS_USAGE);
    return;
  }
  const o = parseCurtainsArgs(argv);
  const log = (line: string) => console.log(line);
  log(curtainsCommandLine(o));
  log(`window: ${describeWindow(o.window)}`);
  const result = await runCurtains(o, log);
  log('');
  log(resultTable(result));
  log('');
  log(validationLines(result));
  const outDir = resolve(repoRoot, o.outDir);
  for (const file of await writeReport(result, o, outDir)) log(`wrote ${file}`);
  if (o.exportModel) {
    const card = curtainsCard(result, o, sha256Bytes(result.model.onnx), new Date());
    const { onnxPath, cardPath } = await writeModel(resolve(repoRoot, o.modelDir), o.modelName, result.model.onnx, card);
    log(`wrote ${onnxPath}\nwrote ${cardPath}`);
  }
  log(`done in ${result.seconds.toFixed(0)} s`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`curtains: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
