import { mkdirSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { largestTree, runBench } from "./bench.js";
import { removeAllRoots } from "./cleanup.js";
import { raiseLimits, shortfall } from "./limits.js";
import { describeMachine, formatMachine } from "./machine.js";
import { type BenchOptions, USAGE, UsageError, parseOptions } from "./options.js";
import { formatTable, summarize } from "./report.js";
import { checkScanners } from "./tree.js";

function defaultJsonPath(): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return fileURLToPath(new URL(`results/bench-${stamp}.json`, import.meta.url));
}

/**
 * tsx's command line, which runs us under `npm run bench`, relays a signal
 * and SIGKILLs us unless our loop acknowledges it within 30 ms, twice: stay
 * responsive that long before the first (synchronous) scan of /proc.
 */
const RELAY_GRACE_MS = 100;

/** Ctrl-C, or a kill: every tree goes down and its files go, then we exit. */
function cleanupOnSignals(): void {
  let stopping = false;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${sig}: stopping every tree...\n`);
      setTimeout(() => {
        void removeAllRoots().finally(() => process.exit(128 + constants.signals[sig]));
      }, RELAY_GRACE_MS);
    });
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let opts: BenchOptions | "help";
  try {
    opts = parseOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n${USAGE}\n`);
    return 100;
  }
  if (opts === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  checkScanners();
  const limits = raiseLimits(largestTree(opts));
  const short = shortfall(limits, largestTree(opts));
  if (short !== undefined) process.stderr.write(`bench: warning: limits too low for ${largestTree(opts)} services: ${short}\n`);
  const machine = describeMachine();
  const command = ["npm", "run", "bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" ");
  process.stdout.write(`${formatMachine(machine)}\ncommand: ${command}\nscan directories under ${opts.tmpdir}\n\n`);

  cleanupOnSignals();
  const began = performance.now();
  let rows;
  try {
    rows = await runBench(opts, (line) => process.stderr.write(`  ${line}\n`));
  } finally {
    await removeAllRoots();
  }
  const seconds = (performance.now() - began) / 1000;
  const summaries = summarize(rows);
  process.stdout.write(`${formatTable(summaries)}\n\nmedians of ${opts.reps} repetition(s), s6 and ts6 interleaved; ${seconds.toFixed(0)} s\n`);

  const json = opts.json ?? defaultJsonPath();
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, `${JSON.stringify({ command, options: opts, machine, limits, seconds, rows: summaries }, null, 2)}\n`);
  process.stdout.write(`samples: ${json}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(111);
  },
);
