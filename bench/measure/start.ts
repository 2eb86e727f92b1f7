import { type Progress, interleave } from "../interleave.js";
import type { BenchOptions } from "../options.js";
import { type Row, row, ts6AtMost } from "../rows.js";
import { withTree } from "../session.js";

const START_LIMIT_MS = 120;

/**
 * The scanner's own start: from spawning it on an empty scan directory to
 * its readiness line (-d 3), opts.starts times per repetition, each a fresh
 * directory and process; every start is a sample.
 */
export async function measureScannerStart(opts: BenchOptions, progress: Progress): Promise<Row[]> {
  const start = row("scanner start: exec to readiness line, empty scan dir", "ms", ts6AtMost(START_LIMIT_MS, "ms"));
  await interleave(opts.reps * opts.starts, (kind, i) =>
    withTree(kind, opts, { services: 0, service: "ready" }, async (s) => {
      await s.tree.waitReady();
      start.samples[kind].push(s.tree.readyAt - s.startedAt);
      if (i % opts.starts === 0) progress(`start: ${i} of ${opts.reps * opts.starts}, ${kind} ${(s.tree.readyAt - s.startedAt).toFixed(1)} ms`);
    }),
  );
  return [start];
}
