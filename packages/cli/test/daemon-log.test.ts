import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn as ptySpawn } from "node-pty";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTree } from "ts6";
import { withDeadline } from "../../../test/helpers/deadline.js";
import { ts6Bin } from "./helpers/programs.js";
import { writeService } from "./helpers/state-tree.js";

/*
 * The daemon's own log (through pino): JSON records, one a line, when
 * stderr is not a terminal; s6-style text lines on a terminal; the
 * threshold from TS6_LOG_LEVEL.
 */

let root = "";
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "ts6-daemon-log-"));
  // A run that cannot be executed: its supervisor warns, under the service's name.
  writeService(join(root, "broken"), { files: { run: "#!/bin/sh\nexec sleep 100000\n" }, plain: ["run"] });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const WARNING = /unable to spawn \.\/run/;

describe("not on a terminal", () => {
  test("each line is a JSON record with level, time, name, service and msg", async () => {
    const tree = await startTree(root);
    try {
      await tree.waitForOutput(WARNING);
    } finally {
      await tree.stop();
    }
    const lines = tree.output().split("\n").filter((l) => l !== "");
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const warning = records.find((r) => WARNING.test(String(r["msg"])));
    expect(warning).toMatchObject({ level: 40, name: "ts6-svscan", service: "broken" });
    expect(typeof warning?.["time"]).toBe("number");
    expect(Object.keys(warning!).slice(0, 3)).toEqual(["level", "time", "name"]);
    expect(Object.keys(warning!).at(-1)).toBe("msg");
  });

  test("TS6_LOG_LEVEL sets the threshold", async () => {
    const tree = await startTree(root, { env: { ...process.env, TS6_LOG_LEVEL: "debug" } });
    try {
      await tree.waitForOutput(/"level":20,/);
      await tree.waitForOutput(WARNING);
    } finally {
      await tree.stop();
    }
    const quiet = await startTree(root, { env: { ...process.env, TS6_LOG_LEVEL: "error" } });
    // The supervisor has started, and warned if it were to: its status is written after the spawn attempt.
    await quiet.service("broken").waitUntil((s) => s.supervised && s.wantUp && !s.up);
    await quiet.stop();
    expect(quiet.output()).not.toMatch(WARNING);
  });
});

describe("on a terminal", () => {
  test("s6-style text lines: program and service, level, message", async () => {
    const env = { ...process.env } as Record<string, string>;
    const pty = ptySpawn(process.execPath, [ts6Bin("ts6-svscan"), root], { env });
    let out = "";
    const exited = new Promise<void>((resolve) => pty.onExit(() => resolve()));
    const seen = new Promise<void>((resolve) => {
      pty.onData((d) => {
        out += d;
        if (WARNING.test(out)) resolve();
      });
    });
    try {
      await withDeadline(seen, 10_000, () => `warning on the terminal (got ${JSON.stringify(out)})`);
    } finally {
      pty.kill("SIGTERM");
      await withDeadline(exited, 10_000, () => "exit of ts6-svscan");
    }
    expect(out).toMatch(/^ts6-svscan broken: warning: unable to spawn \.\/run - waiting 10 seconds: .+\(file=\.\/run code=EACCES syscall=spawn\)\r?$/m);
    expect(out).not.toContain("{\"level\"");
  });
});
