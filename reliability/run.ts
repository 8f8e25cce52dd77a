// `npm run reliability [-- --ci] [--seed N] [--only NAME[,NAME]]`: the reliability suite.
// Runs its checks in order against real nodes on loopback, prints one summary line per check and
// a final `reliability: N passed, M failed`; exits 1 on any failure. --ci runs the bounded sizes
// .ci/run uses; --only runs the checks whose group or result name contains NAME.

import { cleanup, dropLeftoverSchemas, type Check, type CheckResult } from './harness.js';
import { fuzzChecks } from './fuzz.js';
import { raceChecks } from './races.js';
import { regressionChecks } from './regressions.js';
import { slowBodyChecks } from './slow-bodies.js';

interface Group { name: string; names: string[]; run: Check }

const CI_SEED = 20_261_202;

function parseArgs(argv: string[]): { ci: boolean; seed: number; only: string[] } {
  let ci = false;
  // CI replays one fixed seed, so that its verdict does not depend on the draw; a full run draws a
  // new one each time (printed, so a failure can be replayed with --seed).
  let seed = Number(process.env.RELIABILITY_SEED ?? '') || (argv.includes('--ci') ? CI_SEED : Date.now() % 1_000_000_007);
  let only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--ci') ci = true;
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a.startsWith('--seed=')) seed = Number(a.slice(7));
    else if (a === '--only') only = argv[++i].split(',');
    else if (a.startsWith('--only=')) only = a.slice(7).split(',');
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run reliability -- [--ci] [--seed N] [--only NAME[,NAME]]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isFinite(seed)) throw new Error('--seed needs a number');
  return { ci, seed: seed >>> 0, only };
}

async function main(): Promise<number> {
  const { ci, seed, only } = parseArgs(process.argv.slice(2));
  const groups: Group[] = [...fuzzChecks, ...raceChecks, ...regressionChecks, ...slowBodyChecks];
  const selected = only.length === 0 ? groups : groups.filter((g) => only.some((o) => g.name.includes(o) || g.names.some((n) => n.includes(o))));
  if (selected.length === 0) {
    console.error(`reliability: no check matches --only ${only.join(',')}; checks: ${groups.flatMap((g) => g.names).join(', ')}`);
    return 2;
  }
  const dropped = await dropLeftoverSchemas().catch(() => 0);
  if (dropped > 0) console.log(`reliability: dropped ${dropped} PostgreSQL schema(s) left by killed runs`);
  const started = Date.now();
  console.log(`reliability: seed ${seed}${ci ? ', CI sizes' : ', full sizes'}; ${selected.map((g) => g.name).join(', ')}`);
  const results: CheckResult[] = [];
  for (const group of selected) {
    const t0 = Date.now();
    const log = (line: string) => console.log(`  [${group.name}] ${line}`);
    let out: CheckResult[];
    try {
      out = await group.run({ ci, seed, log });
    } catch (error) {
      out = [{ name: group.name, ok: false, summary: `crashed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, details: error instanceof Error && error.stack ? error.stack.split('\n').slice(0, 12) : undefined }];
    }
    // Whatever a check left running is stopped before the next one (each starts its own nodes).
    await cleanup();
    if (only.length > 0) out = out.filter((r) => r.name === group.name || only.some((o) => group.name.includes(o) || r.name.includes(o)));
    for (const r of out) {
      results.push(r);
      console.log(`reliability: ${r.name} ${r.skipped ? 'skipped' : r.ok ? 'ok' : 'FAILED'} — ${r.summary}`);
      for (const d of (r.details ?? []).slice(0, 12)) console.log(`    ${d}`);
      if ((r.details?.length ?? 0) > 12) console.log(`    … ${r.details!.length - 12} more`);
    }
    console.log(`  [${group.name}] ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const skipped = results.filter((r) => r.skipped).length;
  const failed = results.filter((r) => !r.ok && !r.skipped).length;
  const passed = results.length - failed - skipped;
  console.log(`reliability: ${passed} passed, ${failed} failed (${skipped ? `${skipped} skipped, ` : ''}seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  return failed === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await cleanup().catch(() => {});
    process.exit(1);
  });
