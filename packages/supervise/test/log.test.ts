import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createLogger, humanLine } from "@ts6/supervise";
import { dup, dup2 } from "@ts6/native";

/*
 * The daemon's records, as written on fd 2 (redirected to a file here):
 * pino's keys in pino's order, the message as given (no printf-style
 * formatting), errors under err, the threshold from the options.
 */

let dir = "";
let saved = -1;
const lines = (): Array<Record<string, unknown>> =>
  readFileSync(join(dir, "err"), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ts6-log-"));
  const fd = openSync(join(dir, "err"), "w");
  saved = dup(2);
  dup2(fd, 2);
  closeSync(fd);
});
afterEach(() => {
  dup2(saved, 2);
  closeSync(saved);
  rmSync(dir, { recursive: true, force: true });
});

describe("createLogger", () => {
  test("records carry level, time, name, bindings, fields and msg, in that order", () => {
    const log = createLogger("ts6-svscan", { human: false });
    log.child({ service: "web" }).warn({ file: "run", code: "EACCES" }, "100% unable %s");
    const [rec] = lines();
    expect(Object.keys(rec!)).toEqual(["level", "time", "name", "service", "file", "code", "msg"]);
    expect(rec).toMatchObject({ level: 40, name: "ts6-svscan", service: "web", msg: "100% unable %s" });
    expect(typeof rec!["time"]).toBe("number");
  });

  test("errors under err keep their type, message and code", () => {
    createLogger("t", { human: false }).error({ err: Object.assign(new Error("boom"), { code: "EIO" }) }, "failed");
    expect(lines()[0]!["err"]).toMatchObject({ type: "Error", message: "boom", code: "EIO" });
  });

  test("the level threshold; an unknown level is info", () => {
    createLogger("t", { human: false, level: "warn" }).info("hidden");
    createLogger("t", { human: false, level: "bogus" }).debug("hidden too");
    createLogger("t", { human: false, level: "debug" }).debug("shown");
    expect(lines().map((r) => r["msg"])).toEqual(["shown"]);
  });

  test("on a terminal, s6-style lines", () => {
    createLogger("ts6-svscan", { human: true }).child({ service: "web" }).warn({ code: "EACCES" }, "unable to spawn ./run");
    expect(readFileSync(join(dir, "err"), "utf8")).toBe("ts6-svscan web: warning: unable to spawn ./run (code=EACCES)\n");
  });
});

test("humanLine leaves a line that is not JSON as it is", () => {
  expect(humanLine("not json\n")).toBe("not json\n");
});
