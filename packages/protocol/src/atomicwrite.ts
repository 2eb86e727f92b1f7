import { writeAtomic } from "@ts6/native";

/**
 * Replaces `file` as skalibs' openwritenclose_suffix does: write `file.new`
 * (0666 before umask, close-on-exec) then rename it over `file`, so a
 * reader sees the old or the new content, never a mix. No fsync, as in s6:
 * these files describe live processes and mean nothing after a crash.
 */
export function writeFileAtomic(file: string, data: Buffer): void {
  writeAtomic(file, data);
}
