import { spawn } from "@ts6/native";
import { errnoCode, errorText } from "./errors.js";
import type { Logger } from "./log.js";
import type { Reaper } from "./reaper.js";
import { obeyScanControl } from "./scan-commands.js";
import type { Scanner } from "./scanner.js";

/** Signals whose default s6-svscan lets a .s6-svscan/SIG<NAME> script replace. */
export const SCRIPTED_SIGNALS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPWR", "SIGWINCH"] as const;
type ScriptedSignal = (typeof SCRIPTED_SIGNALS)[number];

/** What a signal does by default: the .s6-svscan/control letter it stands for ("" for nothing). */
const LETTER: Record<ScriptedSignal | "SIGALRM" | "SIGABRT", string> = {
  SIGHUP: "h", SIGINT: "i", SIGTERM: "t", SIGQUIT: "q", SIGALRM: "a", SIGABRT: "b",
  SIGUSR1: "", SIGUSR2: "", SIGPWR: "", SIGWINCH: "",
};

/**
 * Installs a listener for every signal s6-svscan handles. A listener is
 * needed even for those with nothing to do: as PID 1, Node would otherwise
 * drop them, and elsewhere their default would kill the daemon.
 */
export function installScannerSignals(scanner: Scanner, reaper: Reaper, log: Logger, scandir: string): () => void {
  const handlers: Array<[NodeJS.Signals, () => void]> = [
    ["SIGALRM", () => obeyScanControl(LETTER.SIGALRM, scanner, log)],
    ["SIGABRT", () => obeyScanControl(LETTER.SIGABRT, scanner, log)],
    ["SIGPIPE", () => undefined],
  ];
  for (const sig of SCRIPTED_SIGNALS) {
    handlers.push([sig, () => {
      const script = `.s6-svscan/${sig}`;
      try {
        const pid = spawn({ file: script, argv: [script], cwd: scandir, fds: [[0, 0], [1, 1], [2, 2]] });
        reaper.watch(pid, () => undefined);
      } catch (err) {
        if (errnoCode(err) !== "ENOENT") log.warn({ file: script, code: errnoCode(err) }, `unable to spawn ${script}: ${errorText(err)}`);
        obeyScanControl(LETTER[sig], scanner, log);
      }
    }]);
  }
  for (const [sig, fn] of handlers) process.on(sig, fn);
  return () => {
    for (const [sig, fn] of handlers) process.off(sig, fn);
  };
}
