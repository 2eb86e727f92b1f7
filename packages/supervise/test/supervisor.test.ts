import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Action } from "../src/actions.js";
import { ACTIONS, STATES, SUPERVISOR_EVENTS, type State, type SupervisorEvent } from "../src/state-table.js";
import { FINISH, type Harness, type Kill, RUN, hasDownFile, supervise } from "./harness.js";

/*
 * The state machine alone: a Supervisor with fake children (nothing is
 * spawned or signalled), a real service directory, its status file and an
 * event/ listener. Every cell of the table is driven once.
 */

let root: string;
beforeAll(() => {
  // A tmpfs when there is one: these tests are about the state machine, not the disk.
  root = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "ts6-supervisor-"));
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate"] });
});
afterAll(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

/** Every cell run, as "state event", recorded by wrapping the table's cells. */
const exercised = new Set<string>();
const table = ACTIONS as Record<State, Record<SupervisorEvent, Action>>;
for (const state of STATES) {
  for (const event of SUPERVISOR_EVENTS) {
    const action = table[state][event];
    table[state][event] = (s, wstat) => {
      exercised.add(`${state} ${event}`);
      action(s, wstat);
    };
  }
}

/* What the service directory shows once an input has been acted on. */
type Seen = "down" | "up" | "finish" | "exit";
interface Outcome {
  next: Seen;
  kills?: Kill[];
  events?: string;
  wantUp?: boolean;
  downFile?: boolean;
  paused?: boolean;
}

/** The timeout-kill (ms) every harness gets, so that a stop leaves a deadline to fire. */
const FILES = { "timeout-kill": "1000", finish: "" };

/** Brings a fresh supervisor into `state`, with a deadline pending wherever the state can have one. */
function reach(state: State): Harness {
  if (state === "down") return supervise(root, { ...FILES, down: "" });
  const h = supervise(root, FILES);
  vi.advanceTimersToNextTimer();
  if (state === "finish") h.children.died(RUN, 0);
  if (state === "lastup" || state === "lastfinish") h.sup.signal("term");
  if (state === "lastfinish") h.children.died(RUN, 15);
  h.events();
  h.processes.kills.length = 0;
  return h;
}

/** The one cell with no deadline pending on its own: a stop arms timeout-kill first. */
function prepare(h: Harness, state: State, event: SupervisorEvent): void {
  if (state === "up" && event === "timeout") {
    h.sup.command("d");
    h.events();
    h.processes.kills.length = 0;
  }
}

function apply(h: Harness, state: State, event: SupervisorEvent): void {
  if (event === "timeout") vi.advanceTimersToNextTimer();
  else if (event === "chld") h.children.died(state === "up" || state === "lastup" ? RUN : FINISH, 0);
  else if (event === "term" || event === "hup" || event === "quit" || event === "int") h.sup.signal(event);
  else h.sup.command(event);
}

function seen(h: Harness): Seen {
  if (h.exited()) return "exit";
  const s = h.status();
  return s.finishing ? "finish" : s.pid !== 0 ? "up" : "down";
}

// --- the expected outcome of every cell --------------------------------------------------

const SIGNALS: Array<[SupervisorEvent, NodeJS.Signals]> = [
  ["a", "SIGALRM"], ["b", "SIGABRT"], ["q", "SIGQUIT"], ["h", "SIGHUP"], ["k", "SIGKILL"], ["t", "SIGTERM"],
  ["i", "SIGINT"], ["1", "SIGUSR1"], ["2", "SIGUSR2"], ["y", "SIGWINCH"],
];
const SIGNAL_BYTES: SupervisorEvent[] = [...SIGNALS.map(([b]) => b), "p", "c", "r", "P", "C", "K"];

/** While run lives: signals reach it, wanted-state bytes change what is wanted. */
function whileRunning(pid: number): Partial<Record<SupervisorEvent, Outcome>> {
  const stopping: Kill[] = [[pid, 15], [pid, "SIGCONT"]];
  return {
    ...Object.fromEntries(SIGNALS.map(([b, sig]) => [b, { next: "up", kills: [[pid, sig]] }])),
    p: { next: "up", kills: [[pid, "SIGSTOP"]], paused: true },
    c: { next: "up", kills: [[pid, "SIGCONT"]], paused: false },
    r: { next: "up", kills: [[pid, 15]] },
    P: { next: "up", kills: [[-pid, "SIGSTOP"]], paused: true },
    C: { next: "up", kills: [[-pid, "SIGCONT"]], paused: false },
    K: { next: "up", kills: [[-pid, "SIGKILL"]] },
    o: { next: "up", wantUp: false },
    u: { next: "up", wantUp: true },
    U: { next: "up", wantUp: true, downFile: false },
    O: { next: "up", wantUp: false },
    Q: { next: "up", wantUp: false, downFile: true },
    d: { next: "up", wantUp: false, kills: stopping },
    D: { next: "up", wantUp: false, downFile: true, kills: stopping },
    x: { next: "up" },
    timeout: { next: "up", kills: [[pid, "SIGKILL"]] },
    chld: { next: "finish", events: "d" },
    term: { next: "up", wantUp: false, kills: stopping },
    hup: { next: "up" },
    quit: { next: "exit", events: "x" },
    int: { next: "exit", events: "x", kills: [[-pid, "SIGINT"]] },
  };
}

/** While finish runs: nobody to signal, wanted-state bytes only change what is wanted. */
function whileFinishing(last: boolean): Partial<Record<SupervisorEvent, Outcome>> {
  return {
    ...Object.fromEntries(SIGNAL_BYTES.map((b) => [b, { next: "finish" }])),
    o: { next: "finish", wantUp: false },
    u: { next: "finish", wantUp: true },
    U: { next: "finish", wantUp: true, downFile: false },
    O: { next: "finish", wantUp: false },
    Q: { next: "finish", wantUp: false, downFile: true },
    d: { next: "finish", wantUp: false },
    D: { next: "finish", wantUp: false, downFile: true },
    x: { next: "finish" },
    timeout: { next: "finish", kills: [[FINISH, "SIGCONT"], [FINISH, "SIGKILL"]] },
    chld: last ? { next: "exit", events: "Dx" } : { next: "down", events: "D" },
    term: { next: "finish" },
    hup: { next: "finish" },
    quit: { next: "exit", events: "x" },
    int: { next: "exit", events: "x", kills: [[-FINISH, "SIGINT"]] },
  };
}

const EXPECTED: Record<State, Partial<Record<SupervisorEvent, Outcome>>> = {
  down: {
    ...Object.fromEntries(SIGNAL_BYTES.map((b) => [b, { next: "down" }])),
    timeout: { next: "down" },
    chld: { next: "down" },
    term: { next: "exit", events: "x" },
    hup: { next: "exit", events: "x" },
    quit: { next: "exit", events: "x" },
    int: { next: "exit", events: "x" },
    o: { next: "up", events: "u", wantUp: false },
    d: { next: "down", wantUp: false },
    u: { next: "up", events: "u", wantUp: true },
    D: { next: "down", wantUp: false, downFile: true },
    U: { next: "up", events: "u", wantUp: true, downFile: false },
    x: { next: "exit", events: "x" },
    O: { next: "down", wantUp: false },
    Q: { next: "down", wantUp: false, downFile: true },
  },
  up: whileRunning(RUN),
  finish: whileFinishing(false),
  lastup: { ...whileRunning(RUN), hup: { next: "up" }, x: { next: "up" } },
  lastfinish: { ...whileFinishing(true), term: { next: "finish" } },
};

describe("the state table, cell by cell", () => {
  afterEach(() => vi.clearAllTimers());

  for (const state of STATES) {
    for (const event of SUPERVISOR_EVENTS) {
      it(`${state} x ${event}`, () => {
        const want = EXPECTED[state][event];
        if (want === undefined) throw new Error(`no expected outcome for ${state} x ${event}`);
        const h = reach(state);
        try {
          prepare(h, state, event);
          // A death reported twice (a stale registration) is the only child news a down supervisor can get.
          if (state === "down" && event === "chld") {
            h.sup.command("o");
            h.children.died(RUN, 0);
            h.children.died(FINISH, 0);
            h.events();
            h.children.died(FINISH, 0);
          } else {
            apply(h, state, event);
          }
          expect(seen(h)).toBe(want.next);
          expect(h.processes.kills).toEqual(want.kills ?? []);
          expect(h.events()).toBe(want.events ?? "");
          if (!h.exited()) {
            const s = h.status();
            if (want.wantUp !== undefined) expect(s.wantUp).toBe(want.wantUp);
            if (want.paused !== undefined) expect(s.paused).toBe(want.paused);
          }
          if (want.downFile !== undefined) expect(hasDownFile(h)).toBe(want.downFile);
        } finally {
          h.close();
        }
      });
    }
  }

  it("exercised every state x event pair", () => {
    const all = STATES.flatMap((s) => SUPERVISOR_EVENTS.map((e) => `${s} ${e}`));
    expect(all.filter((cell) => !exercised.has(cell))).toEqual([]);
  });
});
