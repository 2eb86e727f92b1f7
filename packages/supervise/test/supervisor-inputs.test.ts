import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { FINISH, type Harness, RUN, supervise } from "./harness.js";

/* What waits while run is being spawned, and what a failure in the middle of an input leaves behind. */

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

describe("inputs held while run is spawning", () => {
  it("acts on the d of \"ud\" once run's pid is known: run is started, then stopped", () => {
    const h = downService();
    h.sup.command("ud");
    expect(h.children.pending).toHaveLength(1);
    expect(h.processes.kills).toEqual([]);
    h.children.started(RUN);
    expect(h.processes.kills).toEqual([[RUN, 15], [RUN, "SIGCONT"]]);
    expect(h.status()).toMatchObject({ pid: RUN, wantUp: false });
    expect(h.events()).toBe("u");
  });

  it("leaves after \"xu\" on a down service only once run has started", () => {
    const h = downService();
    h.sup.command("xu");
    expect(h.exited()).toBe(false);
    h.children.started(RUN);
    expect(h.events()).toBe("ux");
    expect(h.exited()).toBe(true);
  });

  it("holds a signal to the supervisor as it holds a command", () => {
    const h = downService();
    h.sup.command("u");
    h.sup.signal("term");
    expect(h.processes.kills).toEqual([]);
    h.children.started(RUN);
    expect(h.processes.kills).toEqual([[RUN, 15], [RUN, "SIGCONT"]]);
  });

  it("replays what waited even when taking in the spawned run throws", () => {
    const h = downService();
    h.children.failNextWatch = true;
    h.sup.command("ud");
    h.children.started(RUN);
    expect(h.logged).toContain("internal error in supervisor action");
    // The d that waited was acted on, and the supervisor still takes commands.
    expect(h.status().wantUp).toBe(false);
    h.sup.command("u");
    expect(h.children.pending).toHaveLength(1);
  });
});

describe("run's death", () => {
  it("is told to listeners once the supervisor is finishing, and a listener that throws changes nothing", () => {
    const h = supervise(root, { finish: "" });
    open.push(h);
    vi.advanceTimersToNextTimer();
    h.children.started(RUN);
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
