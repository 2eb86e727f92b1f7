export { spawn, spawnAsync, execve, type SpawnCallback, type SpawnOptions } from "./spawn.js";
export { reap, setSubreaper, isSubreaper, type Reaped } from "./process.js";
export { pipe, mkfifo, dup, dup2, cloexecFrom, setNonblock } from "./fd.js";
export { lock, unlock, testLock } from "./lock.js";
export { tcsetpgrp, getpgrp, ignoreJobControlSignals } from "./tty.js";
