import { describe, expect, test } from "vitest";
import { runTs6 } from "./helpers/programs.js";

/*
 * Every command answers --help on stdout with exit 0; a wrong option is
 * plain text on stderr (never a JSON log record, whatever stderr is) with
 * s6's exit code 100. The clients' usage texts are s6's own, compared
 * with s6's in the compat suites.
 */

const CLIENTS = ["ts6-svc", "ts6-svstat", "ts6-svwait", "ts6-svok", "ts6-svscanctl", "ts6-svlisten1"];
const COMMANDS = ["ts6-svscan", "ts6-supervise", ...CLIENTS];

describe("--help", () => {
  test.each(COMMANDS)("%s --help prints its usage and one line per option", async (name) => {
    const r = await runTs6(name, ["--help"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${name}: .+\\nusage: ${name} .+\\n`));
  });

  test("ts6-svc explains each command letter", async () => {
    const r = await runTs6("ts6-svc", ["--help"]);
    for (const letter of "abqhkti12pcyroduDUxOQ") expect(r.stdout).toMatch(new RegExp(`^  -${letter} +\\S`, "m"));
  });

  test("ts6-svscan lists its options, ts6's own included", async () => {
    const r = await runTs6("ts6-svscan", ["--help"]);
    for (const o of ["-c maxservices", "-t timeout", "-d notif", "-X consoleholder", "--no-watch", "--subreaper", "--exit-on NAME"]) {
      expect(r.stdout).toContain(`\n  ${o} `);
    }
  });

  test("ts6 status -h", async () => {
    const r = await runTs6("ts6", ["status", "-h"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ts6 status: .+\nusage: ts6 status \[ --json \] \[ dir \[ name\.\.\. \] \]\n/);
  });
});

/* A JSON log record would parse; plain text does not. */
function expectPlain(text: string): void {
  expect(text).not.toBe("");
  expect(() => JSON.parse(text.split("\n")[0]!)).toThrow();
}

describe("a wrong option", () => {
  test("ts6-svscan says what was wrong, then the usage, as plain text", async () => {
    const r = await runTs6("ts6-svscan", ["--bogus"]);
    expect(r.code).toBe(100);
    expectPlain(r.stderr);
    expect(r.stderr).toMatch(/^ts6-svscan: fatal: unknown option --bogus\nts6-svscan: usage: ts6-svscan \[ -c maxservices \]/);
  });

  test("ts6-supervise without a directory: its usage, as plain text", async () => {
    const r = await runTs6("ts6-supervise", []);
    expect(r.code).toBe(100);
    expect(r.stderr).toBe("ts6-supervise: usage: ts6-supervise dir\n");
  });

  test.each(CLIENTS.filter((c) => c !== "ts6-svok"))("%s -Z: s6's usage message, exit 100", async (name) => {
    const r = await runTs6(name, ["-Z", "/nonexistent"]);
    expect(r.code).toBe(100);
    expectPlain(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^${name}: usage: ${name} `));
  });

  test("ts6 status --bogus says what was wrong", async () => {
    const r = await runTs6("ts6", ["status", "--bogus"]);
    expect(r.code).toBe(100);
    expectPlain(r.stderr);
    expect(r.stderr).toMatch(/^ts6 status: fatal: unknown option --bogus\n/);
  });
});

describe("fatal messages in words", () => {
  test("ts6-svscan on a missing directory names it and the reason", async () => {
    const r = await runTs6("ts6-svscan", ["/nonexistent"]);
    expect(r.code).toBe(111);
    const rec = JSON.parse(r.stderr) as { level: number; name: string; msg: string };
    expect(rec).toMatchObject({ level: 60, name: "ts6-svscan", msg: "unable to chdir to /nonexistent: No such file or directory" });
  });

  test("ts6-supervise on a missing directory too", async () => {
    const r = await runTs6("ts6-supervise", ["/nonexistent"]);
    expect(r.code).toBe(111);
    const rec = JSON.parse(r.stderr) as { level: number; name: string; msg: string };
    expect(rec).toMatchObject({ level: 60, name: "ts6-supervise", msg: "unable to chdir to /nonexistent: No such file or directory" });
  });
});
