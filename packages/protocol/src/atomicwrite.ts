import * as fs from "node:fs";

const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK } = fs.constants;

/**
 * Replaces `file` as skalibs' openwritenclose_suffix does: write `file.new`
 * (0666 before umask; Node adds O_CLOEXEC) then rename it over `file`, so a
 * reader sees the old or the new content, never a mix. No fsync, as in s6:
 * these files describe live processes and mean nothing after a crash.
 */
export function writeFileAtomic(file: string, data: Buffer): void {
  const tmp = file + ".new";
  const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0o666);
  try {
    try {
      let done = 0;
      while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // The original error is the one worth reporting.
    }
    throw err;
  }
}
