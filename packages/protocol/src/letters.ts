/**
 * The one-byte vocabularies of s6's FIFOs: what supervise/control and
 * .s6-svscan/control accept, and what a supervisor writes to event/.
 */

/** What s6-supervise acts on in supervise/control: 2.11's set plus 2.13's P C K. */
export const SUPERVISE_COMMANDS = "abqhkti12pcyrPCKoduDUxOQ";
export type SuperviseCommand =
  | "a" | "b" | "q" | "h" | "k" | "t" | "i" | "1" | "2" | "p" | "c" | "y" | "r"
  | "P" | "C" | "K" | "o" | "d" | "u" | "D" | "U" | "x" | "O" | "Q";

/** What s6-svc 2.11 sends: the supervisor's set without 2.13's P C K. */
export const SVC_COMMANDS = "abqhkti12pcyroduDUxOQ";

/** What s6-svscan acts on in .s6-svscan/control. */
export const SVSCAN_COMMANDS = "zabhitqnN";
export type SvscanCommand = "z" | "a" | "b" | "h" | "i" | "t" | "q" | "n" | "N";

export function isSuperviseCommand(c: string): c is SuperviseCommand {
  return c.length === 1 && SUPERVISE_COMMANDS.includes(c);
}

export function isSvscanCommand(c: string): c is SvscanCommand {
  return c.length === 1 && SVSCAN_COMMANDS.includes(c);
}

/** The bytes a supervisor writes to event/, one per change. */
export const EVENTS = {
  /** The supervisor started. */
  start: "s",
  /** run started. */
  up: "u",
  /** run notified readiness. */
  ready: "U",
  /** run died (finish, if any, now runs). */
  down: "d",
  /** finish is done: the service is down and ready to start again. */
  finished: "D",
  /** finish exited 125: the service is down for good. */
  failed: "O",
  /** The supervisor exited. */
  exit: "x",
} as const;
export type EventLetter = (typeof EVENTS)[keyof typeof EVENTS];

/** The events that report a change of the service itself: every one but "s". */
export const TRANSITION_EVENTS: string = Object.values(EVENTS).filter((e) => e !== EVENTS.start).join("");
