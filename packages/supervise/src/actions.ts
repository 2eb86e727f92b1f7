import type { Supervisor } from "./supervisor.js";

/**
 * The cells of the state table: what one input does in one state, as
 * s6-supervise's small named functions do. Each takes the supervisor and,
 * for a child's death, its wait status.
 */
export type Action = (s: Supervisor, wstat: number) => void;

const SECOND = 1000;

export const nop: Action = () => {};

/** The supervisor leaves once the inputs at hand are dealt with. */
export const bail: Action = (s) => s.bail();

/** SIGINT to the supervisor: to run's whole group, as a terminal's ^C would, then leave. */
export const sigint: Action = (s) => {
  s.killGroup("SIGINT");
  s.bail();
};

export const closethem: Action = (s) => s.closethem();

// --- down ---------------------------------------------------------------------

/** The restart delay is over (or the supervisor just started). */
export const downTimeout: Action = (s) => {
  if (s.status.wantUp) s.tryStart();
  else s.deadline.arm(Infinity);
};

/** o: start once; not restarted when it dies. */
export const startOnce: Action = (s) => {
  s.setWantUp(false);
  s.tryStart();
};

export const startUp: Action = (s) => {
  s.setWantUp(true);
  s.tryStart();
};

export const startUpDelDown: Action = (s) => {
  s.view.delDown();
  s.setWantUp(true);
  s.tryStart();
};

export const wantDown: Action = (s) => s.setWantUp(false);
export const wantUp: Action = (s) => s.setWantUp(true);

export const wantDownAddDown: Action = (s) => {
  s.view.addDown();
  s.setWantUp(false);
};

export const wantUpDelDown: Action = (s) => {
  s.view.delDown();
  s.setWantUp(true);
};

// --- up and lastup ------------------------------------------------------------

/** Only timeout-kill arms a deadline while run is alive. */
export const upTimeout: Action = (s) => {
  if (s.dying) {
    s.kill("SIGKILL");
    s.deadline.arm(5 * SECOND);
  } else {
    s.deadline.arm(Infinity);
    s.log.warn("can't happen: timeout while the service is up!");
  }
};

export const runDied: Action = (s, wstat) => {
  s.runDied(wstat, "finish");
};

/** run died after x or TERM: once finish is done (or if there is none to wait for), leave. */
export const lastRunDied: Action = (s, wstat) => {
  if (!s.runDied(wstat, "lastfinish")) s.bail();
};

export const stop: Action = (s) => s.stop();

export const stopAddDown: Action = (s) => {
  s.view.addDown();
  s.stop();
};

/** TERM to the supervisor: stop run, and leave once it is down. */
export const stopLast: Action = (s) => {
  s.state = "lastup";
  s.stop();
};

/** x or HUP while up: leave once run dies, without killing it. */
export const detach: Action = (s) => {
  s.state = "lastup";
  s.closethem();
};

export const pause: Action = (s) => {
  s.kill("SIGSTOP");
  s.setPaused(true);
};

export const resume: Action = (s) => s.resume();

/** r: the down-signal, without changing what is wanted: run dies and is restarted. */
export const downSignal: Action = (s) => s.kill(s.downSignal());

export const pauseGroup: Action = (s) => {
  s.killGroup("SIGSTOP");
  s.setPaused(true);
};

export const resumeGroup: Action = (s) => {
  s.killGroup("SIGCONT");
  s.setPaused(false);
};

export const killGroup: Action = (s) => s.killGroup("SIGKILL");

export const sigalrm: Action = (s) => s.kill("SIGALRM");
export const sigabrt: Action = (s) => s.kill("SIGABRT");
export const sigquit: Action = (s) => s.kill("SIGQUIT");
export const sighup: Action = (s) => s.kill("SIGHUP");
export const sigkill: Action = (s) => s.kill("SIGKILL");
export const sigterm: Action = (s) => s.kill("SIGTERM");
export const sigintRun: Action = (s) => s.kill("SIGINT");
export const sigusr1: Action = (s) => s.kill("SIGUSR1");
export const sigusr2: Action = (s) => s.kill("SIGUSR2");
export const sigwinch: Action = (s) => s.kill("SIGWINCH");

// --- finish and lastfinish ------------------------------------------------------

/** timeout-finish reached: finish is killed, and given 5 s to be reaped. */
export const finishTimeout: Action = (s) => {
  s.log.warn({ pid: s.status.pid }, "finish script lifetime reached maximum value - sending it a SIGKILL");
  s.resume();
  s.kill("SIGKILL");
  s.deadline.arm(5 * SECOND);
};

export const finishDied: Action = (s, wstat) => s.finishDied(wstat);

/** x, TERM or HUP while finishing: leave once finish is done. */
export const finishDetach: Action = (s) => {
  s.state = "lastfinish";
  s.closethem();
};

export const lastFinishDied: Action = (s, wstat) => {
  s.finishDied(wstat);
  s.bail();
};
