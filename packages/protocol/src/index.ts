export {
  type Tain,
  TAIN_ZERO,
  tainNow,
  tainFromUnixMs,
  tainToUnixMs,
  tainCompare,
  tainPack,
  tainUnpack,
  tainToText,
  tainFromText,
} from "./tai.js";
export {
  type SupervisorStatus,
  STATUS_SIZE,
  STATUS_SIZE_213,
  encodeStatus,
  decodeStatus,
  statusPath,
  writeStatusFile,
  readStatusFile,
  readStatusFileIfAny,
} from "./status.js";
export {
  type DeathRecord,
  DEATH_RECORD_SIZE,
  encodeDeathTally,
  decodeDeathTally,
  deathTallyPath,
  readDeathTally,
  deathRecord,
  appendDeathTally,
} from "./deathtally.js";
export {
  type ConfigWarning,
  type ConfigValue,
  readNotificationFd,
  readLockFd,
  readTimeoutKill,
  readTimeoutFinish,
  readMaxDeathTally,
  readDownSignal,
} from "./servicefiles.js";
export { signalName, signalNumber } from "./signals.js";
export { type FtrigListener, notify, listen, makeFifodir } from "./ftrig.js";
export { writeControl, svcControlPath, isSupervised } from "./control.js";
export {
  SUPERVISE_COMMANDS,
  type SuperviseCommand,
  SVC_COMMANDS,
  SVSCAN_COMMANDS,
  type SvscanCommand,
  isSuperviseCommand,
  isSvscanCommand,
  EVENTS,
  type EventLetter,
  TRANSITION_EVENTS,
} from "./letters.js";
export { isUp, isReady, isThrottled, isNormallyUp } from "./predicates.js";
export { wifexited, wexitstatus, wifsignaled, wtermsig } from "./wait-status.js";
export { errnoCode } from "./errors.js";
export { errnoText } from "./errno-text.js";
export { SPECIAL_LOGGER } from "./scandir.js";
export { PERMANENT_FAILURES, type PermanentFailure, readPermanentFailures, stillFailed, writePermanentFailures } from "./permanent-failures.js";
export { WAITING_FOR_FDS, waitingForFdsPath, writeWaitingForFds, readWaitingForFds } from "./fd-wait.js";
