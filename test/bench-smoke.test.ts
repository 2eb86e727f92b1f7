import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

/*
 * The benchmark at its smallest (--smoke): every figure gets a value for s6
 * and for ts6. Nothing here checks a timing: a benchmark is read by people,
 * never asserted on.
 */

const REPO = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const S6_PROGRAMS = ["s6-svscan", "s6-svscanctl", "s6-svc", "s6-svstat"].map((p) => `/usr/bin/${p}`);

interface SavedRow {
  label: string;
  target: string | undefined;
  samples: { s6: number[]; ts6: number[] };
}

const missing = S6_PROGRAMS.filter((p) => !existsSync(p));
const requireS6 = process.env["TS6_REQUIRE_S6"] === "1";
if (missing.length > 0 && !requireS6) {
  console.warn(`SKIPPING bench smoke: ${missing.join(", ")} missing; install Debian's s6 (2.11.3.2) to run it`);
}

/** Runs the bench with args, returns the rows it saved. */
async function bench(args: readonly string[]): Promise<SavedRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "ts6-bench-smoke-"));
  try {
    const json = join(dir, "results.json");
    await promisify(execFile)(process.execPath, [TSX, "bench/run.ts", ...args, "--json", json], { cwd: REPO });
    return (JSON.parse(readFileSync(json, "utf8")) as { rows: SavedRow[] }).rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectEverySample(rows: readonly SavedRow[]): void {
  for (const r of rows) {
    for (const kind of ["s6", "ts6"] as const) {
      expect(r.samples[kind].length, `${r.label}: ${kind}`).toBeGreaterThan(0);
      for (const v of r.samples[kind]) expect(Number.isFinite(v), `${r.label}: ${kind} ${v}`).toBe(true);
    }
  }
}

describe.skipIf(missing.length > 0 && !requireS6)("bench --smoke", () => {
  test("produces every figure for s6 and for ts6", async () => {
    expect(missing, "Debian's s6 is required (TS6_REQUIRE_S6=1)").toEqual([]);
    const rows = await bench(["--smoke"]);
    const labels = rows.map((r) => r.label).join("\n");
    for (const figure of [/scanner start/, /Pss.*1 service/, /RSS/, /fds per unlogged service, in the process/,
      /fds per logged service, summed/, /services ready/, /-wU -u round trip, p50/, /-wD -d round trip, p99/,
      /restart/, /idle CPU/, /idle wakeups/, /crash loop.*CPU of/]) {
      expect(labels).toMatch(figure);
    }
    expectEverySample(rows);
  }, 60_000);

  test("--load runs the figures again with busy loops beside, under their own targets", async () => {
    const rows = await bench(["--smoke", "--only", "startup,crashloop", "--load", "0,1"]);
    const crash = rows.filter((r) => /crash loop.*CPU of/.test(r.label));
    // The first seconds of the loop are reported apart, without a target: the target is on the steady state.
    expect(crash.map((r) => [r.label.includes("first 1 s"), r.label.endsWith("1 busy loop beside"), r.target])).toEqual([
      [true, false, undefined],
      [false, false, "ratio <= 1"],
      [true, true, undefined],
      [false, true, "ratio <= 1.2"],
    ]);
    expect(rows.filter((r) => /^time from scanner start to 20 services ready, 1 busy loop beside$/.test(r.label))).toHaveLength(1);
    expectEverySample(rows);
  }, 60_000);

  test("a size the open-file limit cannot hold is skipped and said so, not failed", async () => {
    const rows = await bench(["--smoke", "--only", "startup", "--ready-services", "20,1000000"]);
    expect(rows.map((r) => [r.label, r.target?.startsWith("skipped: open files") ?? false])).toEqual([
      ["time from scanner start to 20 services ready", false],
      ["CPU of the supervisors until 20 services ready", false],
      ["time from scanner start to 1000000 services ready", true],
      ["CPU of the supervisors until 1000000 services ready", true],
    ]);
  }, 60_000);
});
