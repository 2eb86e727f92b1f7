import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FINISH, type Harness, RUN, supervise } from "./harness.js";

/* Inputs that follow a start, and what a failure in the middle of an input leaves behind. */

let root: string;
const open: Harness[] = [];
beforeAll(() => {
  root = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "ts6-supervisor-inputs-"));
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate"] });
});
afterEach(() => {
  for (const h of open.splice(0)) h.close();
});
afterAll(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

function downService(): Harness {
  const h = supervise(root, { down: "", finish: "" });
  open.push(h);
  vi.advanceTimersToNextTimer();
  h.events();
  return h;
}

describe("inputs after a start", () => {
  it("acts on the d of \"ud\" on the run that u started: run is started, then stopped", () => {
    const h = downService();
    h.sup.command("ud");
    expect(h.processes.runs).toBe(1);
    expect(h.processes.kills).toEqual([[RUN, 15], [RUN, "SIGCONT"]]);
    expect(h.status()).toMatchObject({ pid: RUN, wantUp: false });
    expect(h.events()).toBe("u");
  });

  it("leaves after \"xu\" on a down service once run has started", () => {
    const h = downService();
    h.sup.command("xu");
    expect(h.processes.runs).toBe(1);
    expect(h.events()).toBe("ux");
    expect(h.exited()).toBe(true);
  });

  it("acts on the bytes after a start whose run could not be watched, and still takes commands", () => {
    const h = downService();
    h.children.failNextWatch = true;
    h.sup.command("ud");
    expect(h.logged).toContain("internal error in supervisor action");
    expect(h.status().wantUp).toBe(false);
    h.sup.command("u");
    expect(h.processes.runs).toBe(2);
  });
});

describe("run's death", () => {
  it("is told to listeners once the supervisor is finishing, and a listener that throws changes nothing", () => {
    const h = supervise(root, { finish: "" });
    open.push(h);
    vi.advanceTimersToNextTimer();
    h.events();
    const heard: Array<{ finishing: boolean; pid: number; wantUp: boolean }> = [];
    h.sup.on("death", (_wstat, wantUp) => {
      const s = h.status();
      heard.push({ finishing: s.finishing, pid: s.pid, wantUp });
      throw new Error("listener failed");
    });
    h.children.died(RUN, 9);
    expect(heard).toEqual([{ finishing: true, pid: FINISH, wantUp: true }]);
    expect(h.logged).toContain("internal error in supervisor action");
    expect(h.events()).toBe("d");
    h.children.died(FINISH, 0);
    expect(h.events()).toBe("D");
    expect(h.status()).toMatchObject({ pid: 0, finishing: false, wstat: 9 });
  });
});

describe("a service without ./finish", () => {
  it("goes through d and D within the death's own event, and starts run again only on a later turn", () => {
    const h = supervise(root, {});
    open.push(h);
    vi.advanceTimersToNextTimer();
    expect(h.processes.runs).toBe(1);
    h.events();
    h.children.died(RUN, 1 << 8);
    expect(h.events()).toBe("dD");
    expect(h.status()).toMatchObject({ pid: 0, finishing: false, wstat: 1 << 8, wantUp: true });
    expect(h.processes.runs).toBe(1);
    vi.advanceTimersToNextTimer();
    expect(h.processes.runs).toBe(2);
    expect(h.events()).toBe("u");
  });

  it("obeys a d that comes between the death and the restart: run is not started again", () => {
    const h = supervise(root, {});
    open.push(h);
    vi.advanceTimersToNextTimer();
    h.events();
    h.children.died(RUN, 1 << 8);
    h.sup.command("d");
    vi.runOnlyPendingTimers();
    expect(h.processes.runs).toBe(1);
    expect(h.status()).toMatchObject({ pid: 0, wantUp: false });
  });
});
