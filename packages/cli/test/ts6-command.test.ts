import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn as ptySpawn } from "node-pty";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runTs6, ts6Bin } from "./helpers/programs.js";

describe("the ts6 command", () => {
  test("--help lists every subcommand", async () => {
    const r = await runTs6("ts6", ["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["status", "svc", "svstat", "svwait", "svok", "svscanctl", "svlisten1"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} +\\S`, "m"));
    }
  });

  test("no command says so on stderr, with the usage, and fails", async () => {
    const r = await runTs6("ts6", []);
    expect(r.code).toBe(100);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("ts6: fatal: no command given\nusage: ts6 COMMAND [ARGS...] (ts6 --help lists the commands)\n");
  });

  test.each(["status", "svc", "svstat", "svwait", "svok", "svscanctl", "svlisten1"])("ts6 %s --help", async (c) => {
    const r = await runTs6("ts6", [c, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ts6 ${c}: .+\\nusage: ts6 ${c} .+\\n`));
  });

  test("an unknown command names itself", async () => {
    const r = await runTs6("ts6", ["svfoo"]);
    expect(r.code).toBe(100);
    expect(r.stderr).toBe("ts6: fatal: unknown command: svfoo (ts6 --help lists them)\n");
  });

  test("subcommands speak under their own name", async () => {
    const r = await runTs6("ts6", ["svstat"]);
    expect(r.code).toBe(100);
    expect(r.stderr).toMatch(/^ts6 svstat: usage: ts6 svstat \[ -uwNrpest/);
    const ok = await runTs6("ts6", ["svok", "/nonexistent"]);
    expect(ok.code).toBe(1);
  });
});

describe("ts6 status in a terminal", () => {
  let scandir = "";
  beforeAll(() => {
    scandir = mkdtempSync(join(tmpdir(), "ts6-tty-"));
    for (const s of ["db", "web"]) {
      mkdirSync(join(scandir, s));
      writeFileSync(join(scandir, s, "run"), "#!/bin/sh\nexec sleep 100\n", { mode: 0o755 });
    }
    writeFileSync(join(scandir, "db", "down"), "");
  });
  afterAll(() => rmSync(scandir, { recursive: true, force: true }));

  function inTerminal(noColor: boolean): Promise<string> {
    const env = { ...process.env } as Record<string, string>;
    delete env["NO_COLOR"];
    if (noColor) env["NO_COLOR"] = "1";
    return new Promise((resolve) => {
      const pty = ptySpawn(process.execPath, [ts6Bin("ts6"), "status", scandir], { env });
      let out = "";
      pty.onData((d) => (out += d));
      pty.onExit(() => resolve(out));
    });
  }

  test("colours on a terminal", async () => {
    expect(await inTerminal(false)).toContain("\x1b[35munsupervised\x1b[0m");
  });

  test("no colour with NO_COLOR", async () => {
    expect(await inTerminal(true)).not.toContain("\x1b[");
  });

  test("what is wrong comes first on a terminal", async () => {
    // "web" should run and does not; "db" is normally down, as it is.
    const lines = (await inTerminal(true)).split(/\r?\n/).map((l) => l.split(/ +/)[0]);
    expect(lines.slice(1, 3)).toEqual(["web", "db"]);
  });
});
