import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

/* Pids, durations, CPU and memory change from run to run; the column layout is checked by the unit tests. */
function normaliseTable(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        .replace(/\b\d+(d\d\dh|h\d\dm|m\d\ds|s)\b/g, "T")
        .replace(/\b\d+\.\d%/g, "CPU")
        .replace(/\b\d+(\.\d)?[BKMGT]\b/g, "MEM")
        .replace(/^(\s*\S+\s+(?:up|finishing)\s+)\d+/, "$1PID")
        .replace(/ {2,}/g, "  ")
        .trimEnd(),
    )
    .join("\n");
}

function normaliseJson(text: string): unknown {
  const out = JSON.parse(text) as { dir: string; services: Array<Record<string, unknown>> };
  const is = (v: unknown, mark: string): unknown => (typeof v === "number" ? mark : v);
  return {
    ...out,
    dir: "DIR",
    services: out.services.map((r) => ({
      ...r,
      pid: is(r["pid"], "PID"),
      seconds: is(r["seconds"], "S"),
      readySeconds: is(r["readySeconds"], "S"),
      cpuPercent: is(r["cpuPercent"], "CPU"),
      memoryBytes: is(r["memoryBytes"], "MEM"),
      note: String(r["note"]).replace(/restarts in \d+\.\d s/, "restarts in N s"),
    })),
  };
}

/* A service directory: a run file, executable. */
function service(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "run"), "#!/bin/sh\nexec sleep 100000\n");
  chmodSync(join(dir, "run"), 0o755);
}

if (haveS6("ts6 status on a running tree")) {
  describe.each(ENGINES)("ts6 status on a tree run by %s", (engine) => {
    const fx = useStateTree(engine);

    test("plain, from inside the scan directory", async () => {
      const r = await runTs6("ts6", ["status"], { cwd: fx().scandir });
      expect(r.stderr).toBe("");
      // "wantup" cannot run: a service wanted up is down.
      expect(r.code).toBe(3);
      expect(normaliseTable(r.stdout)).toBe(golden("status-states.txt"));
    });

    test("--json, scan directory as argument", async () => {
      const r = await runTs6("ts6", ["status", "--json", fx().scandir]);
      expect(r.code).toBe(3);
      expect(normaliseJson(r.stdout)).toEqual(JSON.parse(golden("status-states.json")));
    });
  });
}

describe("ts6 status without a scanner", () => {
  let root = "";
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "ts6-status-"));
    const scandir = join(root, "scandir");
    for (const s of ["web", "web/log", "db", ".hidden", "../elsewhere"]) service(join(scandir, s));
    writeFileSync(join(scandir, "db/down"), "");
    mkdirSync(join(scandir, "docs"));
    writeFileSync(join(scandir, "notaservice"), "");
    symlinkSync(join(root, "elsewhere"), join(scandir, "linked"));
    symlinkSync(join(root, "nowhere"), join(scandir, "dangling"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("lists every service as unsupervised", async () => {
    const r = await runTs6("ts6", ["status", join(root, "scandir")]);
    // Nothing that should run does.
    expect(r.code).toBe(3);
    expect(r.stdout).toBe(golden("status-unsupervised.txt"));
  });

  test("--json", async () => {
    const r = await runTs6("ts6", ["status", "--json", join(root, "scandir")]);
    expect(normaliseJson(r.stdout)).toEqual(JSON.parse(golden("status-unsupervised.json")));
  });

  test("a directory reached by two names is one service, listed once", async () => {
    const scandir = join(root, "aliases");
    service(join(root, "real"));
    mkdirSync(scandir);
    symlinkSync(join(root, "real"), join(scandir, "a"));
    symlinkSync(join(root, "real"), join(scandir, "b"));
    const r = await runTs6("ts6", ["status", "--json", scandir]);
    expect((JSON.parse(r.stdout) as { services: Array<{ name: string }> }).services.map((e) => e.name)).toEqual(["a"]);
  });

  test("a missing scan directory is an error naming it", async () => {
    const r = await runTs6("ts6", ["status", join(root, "nope")]);
    expect(r.code).toBe(111);
    expect(r.stderr).toBe(`ts6 status: fatal: unable to read scan directory ${join(root, "nope")}: No such file or directory\n`);
  });

  test("bad arguments say what was wrong, then the usage", async () => {
    const r = await runTs6("ts6", ["status", "--jsn"]);
    expect(r.code).toBe(100);
    expect(r.stderr).toBe("ts6 status: fatal: unknown option --jsn\nts6 status: usage: ts6 status [ --json ] [ dir [ name... ] ]\n");
  });

  test("a directory without services is not a scan directory", async () => {
    const r = await runTs6("ts6", ["status"], { cwd: join(root, "scandir", "docs") });
    expect(r.code).toBe(111);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ts6 status: fatal: . is not a scan directory: no service directory (one with a run file) in it\n");
  });
});
