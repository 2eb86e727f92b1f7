import * as fs from "node:fs";

/**
 * Reads until `max` bytes or end of file, like skalibs' allread: a file
 * longer than `max` shows up as exactly `max` bytes.
 */
export function readHead(file: string, max: number): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY);
  try {
    const buf = Buffer.alloc(max);
    let got = 0;
    while (got < max) {
      const n = fs.readSync(fd, buf, got, max - got, null);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}
