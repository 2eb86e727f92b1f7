export { Supervisor, type SupervisorOptions, type SupervisorSignal } from "./supervisor.js";
export { Reaper, type ExitHandler } from "./reaper.js";
export { createLogger, humanLine, type Logger } from "./log.js";
export { SupervisorStartError } from "./errors.js";
export { devNullFds } from "./devnull.js";
export type { State } from "./state-table.js";
export { Scanner, KILL, SPECIAL_LOGGER, type ScannerOptions } from "./scanner.js";
export { installScannerSignals } from "./svscan-signals.js";
export { watchScandir, type ScandirWatch } from "./watch.js";
