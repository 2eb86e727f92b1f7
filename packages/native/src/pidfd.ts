import { closeSync } from "node:fs";
import { sys } from "./errors.js";
import { native } from "./binding.js";
import { watchReadable } from "./fd.js";

/**
 * Calls `onExit` once, in a later turn of the event loop, when process
 * `pid` exits: a process that is not our child (an orphan from a
 * supervisor that died), which waitpid cannot wait for. Its exit status
 * cannot be known. Returns the function that stops watching.
 * @throws ESRCH when there is no such process, ENOSYS on kernels before 5.3.
 */
export function watchExit(pid: number, onExit: () => void): () => void {
  const fd = sys(() => native.pidfdOpen(pid));
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  let stop: () => void;
  try {
    stop = watchReadable(fd, () => {
      close();
      onExit();
    });
  } catch (err) {
    close();
    throw err;
  }
  return () => {
    stop();
    close();
  };
}
