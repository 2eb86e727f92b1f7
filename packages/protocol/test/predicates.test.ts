import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  SUPERVISE_COMMANDS, SVC_COMMANDS, SVSCAN_COMMANDS, type SupervisorStatus, TAIN_ZERO, TRANSITION_EVENTS,
  isNormallyUp, isReady, isSuperviseCommand, isSvscanCommand, isThrottled, isUp,
} from "@ts6/protocol";

const base: SupervisorStatus = {
  stamp: TAIN_ZERO, readyStamp: TAIN_ZERO, pid: 0, pgid: 0, wstat: 0,
  paused: false, finishing: false, wantUp: true, ready: true,
};

describe("status predicates, as s6-svstat reads a status", () => {
  it("up: a pid that is not finish's", () => {
    expect(isUp({ ...base, pid: 42 })).toBe(true);
    expect(isUp({ ...base, pid: 42, finishing: true })).toBe(false);
    expect(isUp(base)).toBe(false);
  });

  it("ready: a pid and the ready flag; a down service that is ready to restart is not", () => {
    expect(isReady({ ...base, pid: 42 })).toBe(true);
    expect(isReady({ ...base, pid: 42, ready: false })).toBe(false);
    expect(isReady(base)).toBe(false);
  });

  it("throttled: down, finish done, wanted up", () => {
    expect(isThrottled(base)).toBe(true);
    expect(isThrottled({ ...base, wantUp: false })).toBe(false);
    expect(isThrottled({ ...base, pid: 7, finishing: true })).toBe(false);
    expect(isThrottled({ ...base, pid: 7 })).toBe(false);
  });

  it("normally up: no ./down file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ts6-predicates-"));
    try {
      expect(isNormallyUp(dir)).toBe(true);
      writeFileSync(join(dir, "down"), "");
      expect(isNormallyUp(dir)).toBe(false);
      expect(() => isNormallyUp(join(dir, "down"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("letters", () => {
  it("s6-svc sends a subset of what the supervisor acts on", () => {
    expect([...SVC_COMMANDS].every(isSuperviseCommand)).toBe(true);
    expect([..."PCK"].every(isSuperviseCommand)).toBe(true);
    expect(SVC_COMMANDS).not.toMatch(/[PCK]/);
  });

  it("tell control bytes from anything else", () => {
    expect([...SUPERVISE_COMMANDS].every(isSuperviseCommand)).toBe(true);
    expect([..."zsvV\n"].some(isSuperviseCommand)).toBe(false);
    expect(isSuperviseCommand("ud")).toBe(false);
    expect([...SVSCAN_COMMANDS].every(isSvscanCommand)).toBe(true);
    expect(isSvscanCommand("d")).toBe(false);
  });

  it("the transition events are every event but the supervisor's start", () => {
    expect([...TRANSITION_EVENTS].sort().join("")).toBe("DOUdux");
  });
});

