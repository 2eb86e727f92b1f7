import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runTs6 } from "./helpers/programs.js";
import { haveS6 } from "./helpers/s6-available.js";
import { ENGINES, useStateTree } from "./helpers/state-tree.js";

/*
 * `ts6 status` on the state tree, under s6-svscan and under ts6-svscan:
 * one golden output for both (pids and durations normalised), plain and
 * --json. Then a scan directory no scanner runs on.
 */

const golden = (name: string): string => readFileSync(new URL(`golden/${name}`, import.meta.url), "utf8");

/* Pids and durations change from run to run; the column layout is checked by the unit tests. */
function normaliseTable(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        .replace(/\b\d+(d\d\dh|h\d\dm|m\d\ds|s)\b/g, "T")
        .replace(/^(\s*\S+\s+(?:up|finishing)\s+)\d+/, "$1PID")
        .replace(/ {2,}/g, "  ")
        .trimEnd(),
    )
    .join("\n");
}

function normaliseJson(text: string): unknown {
  const reports = JSON.parse(text) as Array<Record<string, unknown>>;
  return reports.map((r) => ({
    ...r,
    pid: typeof r["pid"] === "number" ? "PID" : r["pid"],
    seconds: typeof r["seconds"] === "number" ? "S" : r["seconds"],
    readySeconds: typeof r["readySeconds"] === "number" ? "S" : r["readySeconds"],
  }));
}

if (haveS6("ts6 status on a running tree")) {
  describe.each(ENGINES)("ts6 status on a tree run by %s", (engine) => {
    const fx = useStateTree(engine);

    test("plain, from inside the scan directory", async () => {
      const r = await runTs6("ts6", ["status"], { cwd: fx().scandir });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(normaliseTable(r.stdout)).toBe(golden("status-states.txt"));
    });

    test("--json, scan directory as argument", async () => {
      const r = await runTs6("ts6", ["status", "--json", fx().scandir]);
      expect(r.code).toBe(0);
      expect(normaliseJson(r.stdout)).toEqual(JSON.parse(golden("status-states.json")));
    });
  });
}

describe("ts6 status without a scanner", () => {
  let root = "";
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "ts6-status-"));
    const scandir = join(root, "scandir");
    mkdirSync(join(scandir, "web/log"), { recursive: true });
    mkdirSync(join(scandir, "db"), { recursive: true });
    writeFileSync(join(scandir, "db/down"), "");
    mkdirSync(join(scandir, ".hidden"), { recursive: true });
    writeFileSync(join(scandir, "notaservice"), "");
    mkdirSync(join(root, "elsewhere"));
    symlinkSync(join(root, "elsewhere"), join(scandir, "linked"));
    symlinkSync(join(root, "nowhere"), join(scandir, "dangling"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("lists every service as unsupervised", async () => {
    const r = await runTs6("ts6", ["status", join(root, "scandir")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden("status-unsupervised.txt"));
  });

  test("--json", async () => {
    const r = await runTs6("ts6", ["status", "--json", join(root, "scandir")]);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(golden("status-unsupervised.json")));
  });

  test("a directory reached by two names is one service, listed once", async () => {
    const scandir = join(root, "aliases");
    mkdirSync(join(root, "real"));
    mkdirSync(scandir);
    symlinkSync(join(root, "real"), join(scandir, "a"));
    symlinkSync(join(root, "real"), join(scandir, "b"));
    const r = await runTs6("ts6", ["status", "--json", scandir]);
    expect((JSON.parse(r.stdout) as Array<{ name: string }>).map((e) => e.name)).toEqual(["a"]);
  });

  test("a missing scan directory is an error naming it", async () => {
    const r = await runTs6("ts6", ["status", join(root, "nope")]);
    expect(r.code).toBe(111);
    expect(r.stderr).toBe(`ts6 status: fatal: unable to read scan directory ${join(root, "nope")}: No such file or directory\n`);
  });

  test("bad arguments print the usage", async () => {
    const r = await runTs6("ts6", ["status", "--jsn"]);
    expect(r.code).toBe(100);
    expect(r.stderr).toBe("ts6 status: usage: ts6 status [ --json ] [ scandir ]\n");
  });
});
