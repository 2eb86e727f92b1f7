import { closeSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChildWatch } from "../src/children.js";
import { endTurn, takeTurn } from "../src/launch-turns.js";
import { type RunOutcome, launchRun } from "../src/run-launch.js";
import { ServiceView } from "../src/service-view.js";
import { FakeChildren, recordingLogger } from "./harness.js";

/* A cold start asks for every launch at once; each holds a pipe until its spawn reports: at most eight at a time. */

function watch(): ChildWatch {
  return { launch: () => {}, watch: () => {}, forget: () => {} };
}

describe("launch turns", () => {
  it("lets eight launches run at once and the rest in order, one per ended turn", () => {
    const children = watch();
    const ran: number[] = [];
    for (let i = 0; i < 11; i++) takeTurn(children, () => ran.push(i));
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    endTurn(children);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    endTurn(children);
    endTurn(children);
    expect(ran.slice(8)).toEqual([8, 9, 10]);
  });

  it("counts turns per ChildWatch: one that never reports does not hold up another", () => {
    const stuck = watch();
    for (let i = 0; i < 8; i++) takeTurn(stuck, () => {});
    let ran = false;
    takeTurn(watch(), () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it("frees the turn once nobody waits, so a later launch runs at once", () => {
    const children = watch();
    for (let i = 0; i < 8; i++) takeTurn(children, () => {});
    for (let i = 0; i < 8; i++) endTurn(children);
    const ran: number[] = [];
    for (let i = 0; i < 8; i++) takeTurn(children, () => ran.push(i));
    expect(ran).toHaveLength(8);
  });
});

describe("launchRun", () => {
  it("spawns at most eight runs at once: the ninth makes its pipe and asks only once one has reported", () => {
    const root = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "ts6-launch-turns-"));
    const outcomes: RunOutcome[] = [];
    try {
      const dir = join(root, "svc");
      mkdirSync(dir);
      writeFileSync(join(dir, "notification-fd"), "3\n");
      const log = recordingLogger([]);
      const view = new ServiceView(dir, log);
      view.open();
      const children = new FakeChildren();
      for (let i = 0; i < 9; i++) launchRun({ view, name: "svc", stdio: [0, 1, 2], children, log }, (o) => outcomes.push(o));
      expect(children.pending).toHaveLength(8);
      children.started(101);
      expect(outcomes).toHaveLength(1);
      expect(children.pending).toHaveLength(8);
      while (children.pending.length > 0) children.started(102);
      expect(outcomes).toHaveLength(9);
      view.close();
    } finally {
      for (const o of outcomes) if ("notification" in o && o.notification !== undefined) closeSync(o.notification);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
