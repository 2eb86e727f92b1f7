/**
 * The s6-supervise state machine as data: one row per state, one cell per
 * event, each cell naming the action to run. Reading a row tells what a
 * state does with every input; nothing else in the engine branches on state.
 */

export type State = "down" | "up" | "finish" | "lastup" | "lastfinish";

/** Control bytes accepted on supervise/control: 2.11's set plus 2.13's P C K. */
export const CONTROL_BYTES = "abqhkti12pcyrPCKoduDUxOQ";
export type ControlByte =
  | "a" | "b" | "q" | "h" | "k" | "t" | "i" | "1" | "2" | "p" | "c" | "y" | "r"
  | "P" | "C" | "K" | "o" | "d" | "u" | "D" | "U" | "x" | "O" | "Q";

export type SupervisorEvent = "timeout" | "chld" | "term" | "hup" | "quit" | "int" | ControlByte;

export type SignalName =
  | "SIGALRM" | "SIGABRT" | "SIGQUIT" | "SIGHUP" | "SIGKILL" | "SIGTERM"
  | "SIGINT" | "SIGUSR1" | "SIGUSR2" | "SIGWINCH";

export type Action =
  | "nop"
  | "bail"
  | "sigint"
  | "closethem"
  | "downTimeout"
  | "startOnce"
  | "startUp"
  | "startUpDelDown"
  | "wantDown"
  | "wantUp"
  | "wantDownAddDown"
  | "wantUpDelDown"
  | "upTimeout"
  | "runDied"
  | "lastRunDied"
  | "stop"
  | "stopAddDown"
  | "stopLast"
  | "detach"
  | "finishTimeout"
  | "finishDied"
  | "finishDetach"
  | "lastFinishDied"
  | "pause"
  | "resume"
  | "downSignal"
  | "pauseGroup"
  | "resumeGroup"
  | "killGroup"
  | `signal:${SignalName}`;

type SignalBytes = "a" | "b" | "q" | "h" | "k" | "t" | "i" | "1" | "2" | "p" | "c" | "y" | "r" | "P" | "C" | "K";

/** What the signalling bytes do while run is alive. */
const SIGNALS_UP: Record<SignalBytes, Action> = {
  a: "signal:SIGALRM",
  b: "signal:SIGABRT",
  q: "signal:SIGQUIT",
  h: "signal:SIGHUP",
  k: "signal:SIGKILL",
  t: "signal:SIGTERM",
  i: "signal:SIGINT",
  "1": "signal:SIGUSR1",
  "2": "signal:SIGUSR2",
  p: "pause",
  c: "resume",
  y: "signal:SIGWINCH",
  r: "downSignal",
  P: "pauseGroup",
  C: "resumeGroup",
  K: "killGroup",
};

/** With no run process there is nobody to signal. */
const SIGNALS_IGNORED: Record<SignalBytes, Action> = {
  a: "nop", b: "nop", q: "nop", h: "nop", k: "nop", t: "nop", i: "nop", "1": "nop",
  "2": "nop", p: "nop", c: "nop", y: "nop", r: "nop", P: "nop", C: "nop", K: "nop",
};

/** Wanted-state bytes while something (run or finish) is running. */
const WANT_BUSY = { o: "wantDown", u: "wantUp", U: "wantUpDelDown", O: "wantDown", Q: "wantDownAddDown" } as const;

export const ACTIONS: Record<State, Record<SupervisorEvent, Action>> = {
  down: {
    timeout: "downTimeout", chld: "nop", term: "bail", hup: "bail", quit: "bail", int: "bail",
    ...SIGNALS_IGNORED,
    o: "startOnce", d: "wantDown", u: "startUp", D: "wantDownAddDown", U: "startUpDelDown",
    x: "bail", O: "wantDown", Q: "wantDownAddDown",
  },
  up: {
    timeout: "upTimeout", chld: "runDied", term: "stopLast", hup: "detach", quit: "bail", int: "sigint",
    ...SIGNALS_UP,
    ...WANT_BUSY, d: "stop", D: "stopAddDown", x: "detach",
  },
  finish: {
    timeout: "finishTimeout", chld: "finishDied", term: "finishDetach", hup: "finishDetach", quit: "bail", int: "sigint",
    ...SIGNALS_IGNORED,
    ...WANT_BUSY, d: "wantDown", D: "wantDownAddDown", x: "finishDetach",
  },
  lastup: {
    timeout: "upTimeout", chld: "lastRunDied", term: "stop", hup: "closethem", quit: "bail", int: "sigint",
    ...SIGNALS_UP,
    ...WANT_BUSY, d: "stop", D: "stopAddDown", x: "closethem",
  },
  lastfinish: {
    timeout: "finishTimeout", chld: "lastFinishDied", term: "nop", hup: "closethem", quit: "bail", int: "sigint",
    ...SIGNALS_IGNORED,
    ...WANT_BUSY, d: "wantDown", D: "wantDownAddDown", x: "closethem",
  },
};

export function isControlByte(c: string): c is ControlByte {
  return c.length === 1 && CONTROL_BYTES.includes(c);
}
