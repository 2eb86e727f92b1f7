import { closeSync, constants, openSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ConfigValue, errnoCode, isNormallyUp } from "@ts6/protocol";
import { SupervisorStartError, errorText } from "./errors.js";
import { fail } from "./supervise-dir.js";
import type { Logger } from "./log.js";

/**
 * The service directory as one supervisor sees it: reached through an fd
 * opened at start, so that, like s6-supervise after its chdir, the
 * supervisor keeps working when the directory is renamed or moved away;
 * its small configuration files read with s6's warnings; its ./down file;
 * and paths shown to the user as the user named them.
 */
export class ServiceView {
  /** `/proc/self/fd/N` once open; "" before. */
  here = "";
  private dirFd = -1;

  constructor(readonly dir: string, private readonly log: Logger) {}

  /** Throws SupervisorStartError with s6-supervise's exit code. */
  open(): void {
    try {
      this.dirFd = openSync(this.dir, constants.O_RDONLY | constants.O_DIRECTORY);
    } catch (err) {
      throw new SupervisorStartError(`unable to chdir to ${this.dir}: ${errorText(err)}`, 111, errnoCode(err));
    }
    this.here = `/proc/self/fd/${this.dirFd}`;
  }

  close(): void {
    if (this.dirFd >= 0) closeSync(this.dirFd);
    this.dirFd = -1;
  }

  /** A configuration file's value, after warning about it as s6-supervise would. */
  read<T>(reader: (dir: string) => ConfigValue<T>): T {
    const v = reader(this.here);
    if (v.warning !== undefined) {
      const file = this.shown(v.warning.file);
      this.log.warn({ file, problem: v.warning.problem }, `${v.warning.problem} in ${file}, using ${v.warning.fallback}`);
    }
    return v.value;
  }

  /** No ./down file. Throws SupervisorStartError when that cannot be told. */
  normallyUp(): boolean {
    try {
      return isNormallyUp(this.here);
    } catch (err) {
      throw fail("access", join(this.here, "down"), err);
    }
  }

  addDown(): void {
    try {
      writeFileSync(join(this.here, "down"), "");
    } catch (err) {
      this.log.warn({ file: "down", code: errnoCode(err) }, "unable to create ./down file");
    }
  }

  delDown(): void {
    try {
      unlinkSync(join(this.here, "down"));
    } catch (err) {
      if (errnoCode(err) !== "ENOENT") this.log.warn({ file: "down", code: errnoCode(err) }, "unable to unlink ./down file");
    }
  }

  /** A path under the directory fd, as the user knows it. */
  shown(path: string): string {
    return this.here !== "" && path.startsWith(this.here) ? join(this.dir, path.slice(this.here.length)) : path;
  }

  /** A message with the directory fd's paths written as the user knows them. */
  shownIn(message: string): string {
    return this.here === "" ? message : message.split(this.here).join(this.dir);
  }
}
