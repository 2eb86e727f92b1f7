import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * One entry of a service directory: text (scripts named run or finish are
 * made executable), or something a plain string cannot say.
 */
export type ServiceEntry =
  | string
  | { text: string; mode: number }
  | { symlink: string }
  | { directory: true };

export type ServiceFiles = Record<string, ServiceEntry>;

const SCRIPT = /(^|\/)(run|finish)$/;

/** Writes `files` under `dir` (created with its parents as needed). */
export function writeServiceDir(dir: string, files: ServiceFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, entry] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof entry === "string") {
      writeFileSync(path, entry);
      chmodSync(path, SCRIPT.test(name) ? 0o755 : 0o644);
    } else if ("text" in entry) {
      writeFileSync(path, entry.text);
      chmodSync(path, entry.mode);
    } else if ("symlink" in entry) {
      symlinkSync(entry.symlink, path);
    } else {
      mkdirSync(path, { recursive: true });
    }
  }
}

/** A run script: `body` then, unless it ends the script itself, a long sleep. */
export function script(body: string): string {
  return `#!/bin/sh\n${body}\n`;
}

/** A service that stays up until told otherwise. */
export const SLEEPER = script("exec sleep 100000");

/** A service that says it is ready on fd 3, then stays up. */
export const READY_ON_3 = script("echo >&3\nexec sleep 100000");

/** The line of a finish script that appends its arguments to ../finish-args. */
export const FINISH_RECORDER_LINE = 'echo "$@" >> ../finish-args';

/** A finish script that appends its arguments, one line per run, to ../finish-args. */
export const FINISH_RECORDER = script(FINISH_RECORDER_LINE);

/** A script line appending "WORD <unix ms>" to ../times, read back by the test. */
export function stamp(word: string): string {
  return `echo "${word} $(date +%s%3N)" >> ../times`;
}

/** Script lines counting the starts of a script in ../NAME-count; $n is this start's number. */
export function countStarts(name: string): string {
  return `n=$(( $(cat ../${name}-count 2>/dev/null || echo 0) + 1 ))\necho $n > ../${name}-count`;
}
