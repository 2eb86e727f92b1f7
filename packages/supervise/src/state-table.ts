import { SUPERVISE_COMMANDS, type SuperviseCommand } from "@ts6/protocol";
import * as A from "./actions.js";
import type { Action } from "./actions.js";

/**
 * The s6-supervise state machine as data: one row per state, one cell per
 * input, each cell the action that runs. Reading a row tells what a state
 * does with every input; nothing else in the engine branches on the state.
 */

export type State = "down" | "up" | "finish" | "lastup" | "lastfinish";
export const STATES: readonly State[] = ["down", "up", "finish", "lastup", "lastfinish"];

/** Inputs that are not control bytes: the deadline, a child's death, the supervisor's own signals. */
const OTHER_INPUTS = ["timeout", "chld", "term", "hup", "quit", "int"] as const;
export type SupervisorEvent = (typeof OTHER_INPUTS)[number] | SuperviseCommand;
export const SUPERVISOR_EVENTS: readonly SupervisorEvent[] = [
  ...OTHER_INPUTS,
  ...([...SUPERVISE_COMMANDS] as SuperviseCommand[]),
];

type Row = Readonly<Record<SupervisorEvent, Action>>;
type SignalByte = "a" | "b" | "q" | "h" | "k" | "t" | "i" | "1" | "2" | "p" | "c" | "y" | "r" | "P" | "C" | "K";

/** What the signalling bytes do while run is alive. */
const SIGNALS_UP: Readonly<Record<SignalByte, Action>> = {
  a: A.sigalrm, b: A.sigabrt, q: A.sigquit, h: A.sighup, k: A.sigkill, t: A.sigterm,
  i: A.sigintRun, "1": A.sigusr1, "2": A.sigusr2, p: A.pause, c: A.resume, y: A.sigwinch,
  r: A.downSignal, P: A.pauseGroup, C: A.resumeGroup, K: A.killGroup,
};

/** With no run process there is nobody to signal. */
const SIGNALS_IGNORED: Readonly<Record<SignalByte, Action>> = {
  a: A.nop, b: A.nop, q: A.nop, h: A.nop, k: A.nop, t: A.nop, i: A.nop, "1": A.nop,
  "2": A.nop, p: A.nop, c: A.nop, y: A.nop, r: A.nop, P: A.nop, C: A.nop, K: A.nop,
};

/** Wanted-state bytes while something (run or finish) is running. */
const WANT_BUSY = { o: A.wantDown, u: A.wantUp, U: A.wantUpDelDown, O: A.wantDown, Q: A.wantDownAddDown } as const;

export const ACTIONS: Readonly<Record<State, Row>> = {
  down: {
    timeout: A.downTimeout, chld: A.nop, term: A.bail, hup: A.bail, quit: A.bail, int: A.bail,
    ...SIGNALS_IGNORED,
    o: A.startOnce, d: A.wantDown, u: A.startUp, D: A.wantDownAddDown, U: A.startUpDelDown,
    x: A.bail, O: A.wantDown, Q: A.wantDownAddDown,
  },
  up: {
    timeout: A.upTimeout, chld: A.runDied, term: A.stopLast, hup: A.detach, quit: A.bail, int: A.sigint,
    ...SIGNALS_UP,
    ...WANT_BUSY, d: A.stop, D: A.stopAddDown, x: A.detach,
  },
  finish: {
    timeout: A.finishTimeout, chld: A.finishDied, term: A.finishDetach, hup: A.finishDetach, quit: A.bail, int: A.sigint,
    ...SIGNALS_IGNORED,
    ...WANT_BUSY, d: A.wantDown, D: A.wantDownAddDown, x: A.finishDetach,
  },
  lastup: {
    timeout: A.upTimeout, chld: A.lastRunDied, term: A.stop, hup: A.closethem, quit: A.bail, int: A.sigint,
    ...SIGNALS_UP,
    ...WANT_BUSY, d: A.stop, D: A.stopAddDown, x: A.closethem,
  },
  lastfinish: {
    timeout: A.finishTimeout, chld: A.lastFinishDied, term: A.nop, hup: A.closethem, quit: A.bail, int: A.sigint,
    ...SIGNALS_IGNORED,
    ...WANT_BUSY, d: A.wantDown, D: A.wantDownAddDown, x: A.closethem,
  },
};
