export { spawn, execve, reserveSpawnSlots, type SpawnOptions } from "./spawn.js";
export { reap, setSubreaper, type Reaped } from "./process.js";
export { pipe, mkfifo, dup, dup2, cloexecFrom, setNonblock, watchReadable } from "./fd.js";
export { type Reads, watchReads } from "./reads.js";
export { lock, testLock } from "./lock.js";
export { readSmall, writeAtomic, notifyFifodir, appendRecord } from "./smallfile.js";
export { tcsetpgrp, getpgrp, isatty, ignoreJobControlSignals } from "./tty.js";
export { watchExit } from "./pidfd.js";
