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
  samples: { s6: number[]; ts6: number[] };
}

const missing = S6_PROGRAMS.filter((p) => !existsSync(p));
const requireS6 = process.env["TS6_REQUIRE_S6"] === "1";
if (missing.length > 0 && !requireS6) {
  console.warn(`SKIPPING bench smoke: ${missing.join(", ")} missing; install Debian's s6 (2.11.3.2) to run it`);
}

describe.skipIf(missing.length > 0 && !requireS6)("bench --smoke", () => {
  test("produces every figure for s6 and for ts6", async () => {
    expect(missing, "Debian's s6 is required (TS6_REQUIRE_S6=1)").toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "ts6-bench-smoke-"));
    try {
      const json = join(dir, "results.json");
      await promisify(execFile)(process.execPath, [TSX, "bench/run.ts", "--smoke", "--json", json], { cwd: REPO });
      const rows = (JSON.parse(readFileSync(json, "utf8")) as { rows: SavedRow[] }).rows;
      const labels = rows.map((r) => r.label).join("\n");
      for (const figure of [/Pss.*1 service/, /RSS/, /services ready/, /-wU -u round trip, p50/, /-wD -d round trip, p99/,
        /restart/, /idle CPU/, /crash loop.*CPU of/]) {
        expect(labels).toMatch(figure);
      }
      for (const r of rows) {
        for (const kind of ["s6", "ts6"] as const) {
          expect(r.samples[kind].length, `${r.label}: ${kind}`).toBeGreaterThan(0);
          for (const v of r.samples[kind]) expect(Number.isFinite(v), `${r.label}: ${kind} ${v}`).toBe(true);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
