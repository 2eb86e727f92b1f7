import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { type ClientTool, expectSameAsS6 } from "./helpers/compare.js";
import { haveS6 } from "./helpers/s6-available.js";

/*
 * The clients where no supervisor runs, and with bad arguments: exit codes
 * 1, 100 and 111 and the messages, as s6's.
 *   missing     no such directory
 *   empty       a directory that was never supervised
 *   file        a regular file
 *   bare        supervise/ exists but is empty
 *   stale       supervise/ left by a supervisor that is gone (lock free, FIFO unread, status kept)
 *   scan        a scan directory no scanner runs on; scanbare has an empty .s6-svscan/
 */

/* A status from an s6-supervise that was up with pid 4242 when it went away. */
const STALE_STATUS = Buffer.from("400000006b02c209109be67b400000006b02c20b10ad8571000000000000109200000c", "hex");

/* Short, but long enough for s6-svlisten1 to start its s6-ftrigrd helper, which the timeout also bounds. */
const T = "250";

const DIRS = ["missing", "empty", "file", "bare", "stale"];

const PER_DIR: Array<[ClientTool, (d: string) => string[]]> = [
  ["svc", (d) => ["-u", d]],
  ["svc", (d) => ["-wu", "-T", T, d]],
  ["svstat", (d) => [d]],
  ["svok", (d) => [d]],
  ["svwait", (d) => ["-u", "-t", T, d]],
  ["svlisten1", (d) => ["-d", "-t", T, d, "true"]],
  ["svscanctl", (d) => ["-z", d]],
];

const BAD_ARGS: Array<[ClientTool, string[]]> = [
  ["svc", []],
  ["svc", ["-Z", "x"]],
  ["svc", ["-w"]],
  ["svc", ["-wz", "x"]],
  ["svc", ["-T", "abc", "x"]],
  ["svc", ["-T", "99999999999", "x"]],
  // A long option is a bad option to s6; ts6 answers --help alone (first argument), s6's usage otherwise.
  ["svc", ["--bogus"]],
  ["svc", ["-u", "--help"]],
  ["svc", [""]],
  ["svc", ["-u", "empty", "extra"]],
  ["svc", [`-${"u".repeat(63)}`, "empty"]],
  ["svc", [`-${"u".repeat(62)}`, "empty"]],
  ["svc", ["-wU", "-T", T, "empty"]],
  ["svstat", []],
  ["svstat", ["-x", "empty"]],
  ["svstat", ["-o", "foo", "empty"]],
  ["svstat", ["-o", "up,,pid", "empty"]],
  ["svstat", ["-o", ",", "empty"]],
  ["svstat", ["-o", "foo", "-Z", "empty"]],
  ["svstat", ["-o", "upx", "empty"]],
  ["svstat", ["-o", "u,u,u,u,u,u,u,u,u,u,u,u,u,u,u,u,u", "empty"]],
  ["svstat", ["-uuuuuuuuuuuuuuuu", "-o", "pid", "empty"]],
  ["svstat", ["-o"]],
  ["svok", []],
  ["svok", ["-x"]],
  ["svwait", []],
  ["svwait", ["-t", "x", "empty"]],
  ["svwait", ["-t", "-5", "empty"]],
  ["svwait", ["-k", "empty"]],
  ["svwait", ["--", "missing"]],
  ["svlisten1", []],
  ["svlisten1", ["empty"]],
  ["svlisten1", ["-a", "empty", "true"]],
  ["svlisten1", ["-u", "-t", T, "stale", "/nonexistent/program"]],
  ["svscanctl", []],
  ["svscanctl", ["-p", "scan"]],
  ["svscanctl", ["scan"]],
  ["svscanctl", ["-z", "scanbare"]],
  ["svscanctl", [`-${"z".repeat(65)}`, "scan"]],
];

if (haveS6("clients without a supervisor")) {
  describe("clients without a supervisor", () => {
    let root = "";
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), "ts6-unsupervised-"));
      mkdirSync(join(root, "empty"));
      writeFileSync(join(root, "file"), "");
      mkdirSync(join(root, "bare/supervise"), { recursive: true });
      mkdirSync(join(root, "stale/supervise"), { recursive: true });
      writeFileSync(join(root, "stale/supervise/lock"), "");
      writeFileSync(join(root, "stale/supervise/status"), STALE_STATUS);
      execFileSync("mkfifo", [join(root, "stale/supervise/control")]);
      mkdirSync(join(root, "scan"));
      mkdirSync(join(root, "scanbare/.s6-svscan"), { recursive: true });
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    for (const dir of DIRS) {
      for (const [tool, args] of PER_DIR) {
        // s6-svc -wu execs s6-svlisten1, which waits on even when s6-svc cannot write the command; ts6-svc stops there (see docs/clients.md).
        if (dir === "stale" && tool === "svc" && args(dir).includes("-wu")) continue;
        test(`${dir}: ${tool} ${args(dir).join(" ")}`, async () => {
          await expectSameAsS6(tool, args(dir), { cwd: root });
        });
      }
    }

    for (const [tool, args] of BAD_ARGS) {
      test(`${tool} ${args.map((a) => (a.length > 20 ? `${a.slice(0, 20)}...` : a)).join(" ") || "(no arguments)"}`, async () => {
        await expectSameAsS6(tool, args, { cwd: root });
      });
    }
  });
}
