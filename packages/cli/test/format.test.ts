import { describe, expect, test } from "vitest";
import type { SupervisorStatus, Tain } from "@ts6/protocol";
import { fieldsLine, legacyLine, svstatField } from "../src/clients/svstat-format.js";
import { secondsBetween } from "../src/clients/tain-math.js";
import { UsageError, getoptEach } from "../src/getopt.js";
import { formatDuration } from "../src/status/duration.js";
import { renderTable } from "../src/status/render-text.js";
import type { ServiceReport } from "../src/status/report.js";
import { problemsFirst, summarize, summaryLine } from "../src/status/summary.js";

const tain = (sec: bigint, nano = 0): Tain => ({ sec: 0x4000000000000000n + sec, nano });

function status(over: Partial<SupervisorStatus>): SupervisorStatus {
  return {
    stamp: tain(1000n), readyStamp: tain(1000n), pid: 0, pgid: 0, wstat: 0,
    paused: false, finishing: false, wantUp: true, ready: false, ...over,
  };
}

describe("s6-svstat's lines", () => {
  const now = tain(1013n, 500);

  test("the worked example of the protocol notes", () => {
    const s = status({ pid: 7607, stamp: tain(1000n, 600), readyStamp: tain(1002n), ready: true });
    expect(legacyLine({ status: s, now, normallyUp: true }, false)).toBe("up (pid 7607) 12 seconds, ready 11 seconds");
  });

  test("down by signal, by number with -n", () => {
    const s = status({ wstat: 15, wantUp: false, ready: true });
    expect(legacyLine({ status: s, now, normallyUp: true }, false)).toBe(
      "down (signal SIGTERM) 13 seconds, normally up, ready 13 seconds",
    );
    expect(legacyLine({ status: s, now, normallyUp: true }, true)).toBe("down (signal 15) 13 seconds, normally up, ready 13 seconds");
  });

  test("finishing counts as down and shows no pid", () => {
    const s = status({ pid: 99, finishing: true, wstat: 0x200 });
    expect(legacyLine({ status: s, now, normallyUp: false }, false)).toBe("down (exitcode 2) 13 seconds, want up");
    expect(fieldsLine({ status: s, now, normallyUp: false }, ["up", "pid", "exitcode", "signal", "signum"].map((f) => svstatField(f)!)))
      .toBe("false -1 2 NA -1");
  });

  test("up, normally down, paused, wanted down", () => {
    const s = status({ pid: 5, paused: true, wantUp: false });
    expect(legacyLine({ status: s, now, normallyUp: false }, false)).toBe("up (pid 5) 13 seconds, normally down, paused, want down");
  });

  test("-o names match by prefix, in s6's table order", () => {
    expect(svstatField("u")).toBe(svstatField("up"));
    expect(svstatField("re")).toBe(svstatField("ready"));
    expect(svstatField("readyf")).toBe(svstatField("readyfor"));
    expect(svstatField("sig")).toBe(svstatField("signal"));
    expect(svstatField("upx")).toBeUndefined();
  });

  test("stamps print as TAI64N text", () => {
    const s = status({ stamp: { sec: 0x400000006b02c209n, nano: 0x109be67b } });
    expect(fieldsLine({ status: s, now, normallyUp: true }, [svstatField("updownsince")!])).toBe("@400000006b02c209109be67b");
  });

  test("seconds are counted as skalibs' tain_sub does, wrapping for a future stamp", () => {
    expect(secondsBetween(tain(10n, 900), tain(12n, 100))).toBe(1n);
    expect(secondsBetween(tain(13n), tain(12n))).toBe(2n ** 64n - 1n);
  });
});

describe("skalibs-style option parsing", () => {
  test("clusters, values attached or not, -- and the first operand end options", () => {
    const seen: string[] = [];
    const rest = getoptEach(["-wu", "-T", "5", "-ab", "dir", "-x"], "abT:w:", (o, v) => seen.push(v === undefined ? o : `${o}=${v}`));
    expect(seen).toEqual(["w=u", "T=5", "a", "b"]);
    expect(rest).toEqual(["dir", "-x"]);
    expect(getoptEach(["--", "-a"], "a", () => undefined)).toEqual(["-a"]);
    expect(getoptEach(["-", "x"], "a", () => undefined)).toEqual(["-", "x"]);
  });

  test("options are handed over in order, before a later bad one is seen", () => {
    const seen: string[] = [];
    expect(() => getoptEach(["-a", "-z"], "a", (o) => seen.push(o))).toThrow(UsageError);
    expect(seen).toEqual(["a"]);
    expect(() => getoptEach(["--help"], "a", () => undefined)).toThrow(UsageError);
    expect(() => getoptEach(["-t"], "t:", () => undefined)).toThrow(UsageError);
  });
});

describe("ts6 status table", () => {
  const base: ServiceReport = {
    name: "web", logger: false, supervised: true, state: "up", pid: 1234, seconds: 75, ready: true, readySeconds: 70, notificationFd: true,
    normallyUp: true, wantUp: true, paused: false, throttled: false, exitCode: null, signal: null,
    restarts: 0, restartsCapped: false, cpuPercent: 0.5, memoryBytes: 3_500_000, note: "", problem: false,
  };

  test("durations", () => {
    expect([0, 59, 60, 3599, 3600, 86399, 86400 * 3 + 3600].map(formatDuration)).toEqual(
      ["0s", "59s", "1m00s", "59m59s", "1h00m", "23h59m", "3d01h"],
    );
  });

  test("aligned columns, logger indented, notes", () => {
    const text = renderTable([
      base,
      { ...base, name: "web/log", logger: true, pid: 1235, ready: false, readySeconds: null, memoryBytes: 900 },
      { ...base, name: "worker", pid: 1236, ready: false, readySeconds: null, notificationFd: false, cpuPercent: 12.25, memoryBytes: 250_000_000 },
      {
        ...base, name: "db", state: "down", pid: null, seconds: 0, ready: false, readySeconds: null, throttled: true, signal: "SIGKILL",
        restarts: 100, restartsCapped: true, cpuPercent: null, memoryBytes: null, note: "throttled: restarts in 0.6 s", problem: true,
      },
      { ...base, name: "cron", state: "up", pid: 7, paused: true, normallyUp: false, wantUp: false, restarts: 3, note: "paused, want down" },
      {
        ...base, name: "gone", supervised: false, state: "unsupervised", pid: null, seconds: null, ready: false, wantUp: null,
        restarts: null, cpuPercent: null, memoryBytes: null,
      },
    ], false);
    expect(text).toBe([
      "SERVICE    STATE         PID   TIME   READY      NORMALLY  LAST     RESTARTS  CPU    MEM   NOTE",
      "web        up            1234  1m15s  ready      up        -        0         0.5%   3.3M",
      "  web/log  up            1235  1m15s  not ready  up        -        0         0.5%   900B",
      "worker     up            1236  1m15s  -          up        -        0         12.3%  238M",
      "db         down          -     0s     -          up        SIGKILL  100+      -      -     throttled: restarts in 0.6 s",
      "cron       up            7     1m15s  ready      down      -        3         0.5%   3.3M  paused, want down",
      "gone       unsupervised  -     -      -          up        -        -         -      -",
      "",
    ].join("\n"));
  });

  test("colour only changes the escapes, not the layout", () => {
    const plain = renderTable([base], false);
    const coloured = renderTable([base], true);
    expect(coloured).toContain("\x1b[32mup\x1b[0m");
    expect(coloured.replace(/\x1b\[[0-9]+m/g, "")).toBe(plain);
  });
});

describe("ts6 status summary", () => {
  const up: ServiceReport = {
    name: "web", logger: false, supervised: true, state: "up", pid: 1234, seconds: 75, ready: false, readySeconds: null, notificationFd: false,
    normallyUp: true, wantUp: true, paused: false, throttled: false, exitCode: null, signal: null,
    restarts: 0, restartsCapped: false, cpuPercent: 0, memoryBytes: 0, note: "", problem: false,
  };
  const crashing: ServiceReport = { ...up, name: "db", state: "down", pid: null, throttled: true, problem: true };

  test("the summary line counts what a person asks about", () => {
    const reports = [up, { ...up, name: "web/log", logger: true }, crashing, { ...up, name: "cron", state: "down" as const, wantUp: false }];
    expect(summaryLine(summarize(reports))).toBe("4 services: 2 up, 1 down and wanted up, 1 down\n");
    expect(summaryLine(summarize([{ ...up, notificationFd: true, problem: true }]))).toBe("1 service: 1 up (1 not ready)\n");
    expect(summarize(reports).ok).toBe(false);
    expect(summarize([up]).ok).toBe(true);
  });

  test("problems first, a logger staying with its service", () => {
    const order = problemsFirst([up, { ...up, name: "web/log", logger: true }, crashing]).map((r) => r.name);
    expect(order).toEqual(["db", "web", "web/log"]);
  });
});
