import type { Logger } from "./log.js";
import { LOGGER, SERVICE, type Slot } from "./slot.js";

/**
 * s6-svscan's kill masks: bit 0 includes active services, bit 1 sends TERM
 * (not HUP) to service supervisors, bit 2 sends TERM to loggers and to the
 * special logger.
 */
const KILL = { hup: 2, term: 3, quit: 7, inactive: 2, inactiveAll: 6 } as const;

/** What the letters of .s6-svscan/control (and the scanner's signals) ask of a scanner. */
export interface ScanCommands {
  drain(): void;
  rescan(): void;
  kill(mask: number, scanToo?: boolean): void;
  terminate(mask: number, waitAll: boolean): void;
}

/** Acts on each letter written to .s6-svscan/control, in order. */
export function obeyScanControl(letters: string, to: ScanCommands, log: Logger): void {
  for (const c of letters) {
    switch (c) {
      case "z": to.drain(); break;
      case "a": to.rescan(); break;
      case "b": to.terminate(0, false); break;
      case "h": to.kill(KILL.hup, true); break;
      case "i":
      case "t": to.terminate(KILL.term, true); break;
      case "q": to.terminate(KILL.quit, true); break;
      case "n": to.kill(KILL.inactive); break;
      case "N": to.kill(KILL.inactiveAll); break;
      default: log.warn({ command: c }, `received unknown control command: ${c}`);
    }
  }
}

/** Signals the supervisors of `slots` as a kill mask says. */
export function killSlots(slots: Iterable<Slot>, mask: number): void {
  for (const slot of slots) {
    if ((mask & 1) === 0 && slot.active) continue;
    const sup = slot.sups[SERVICE];
    if (sup !== undefined) sup.signal((mask & (2 << (slot.special ? 1 : 0))) !== 0 ? "term" : "hup");
    const logger = slot.sups[LOGGER];
    if (slot.logged && logger !== undefined) logger.signal((mask & 4) !== 0 ? "term" : "hup");
  }
}
