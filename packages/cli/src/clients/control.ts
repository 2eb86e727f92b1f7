import { closeSync, constants, openSync } from "node:fs";
import { join } from "node:path";
import { errnoCode, writeControl } from "@ts6/protocol";
import type { Prog } from "./strerr.js";

/**
 * What s6_svc_writectl tells apart: written; nobody listening (or no
 * control directory at all); the control directory is there but broken;
 * any other error.
 */
export type ControlResult =
  | { kind: "written" }
  | { kind: "not-listening" }
  | { kind: "broken"; err: unknown }
  | { kind: "error"; err: unknown };

/** Writes `commands` to DIR/SUBDIR/control in one write, as s6-svc and s6-svscanctl do. */
export function writeControlIn(dir: string, subdir: string, commands: string): ControlResult {
  try {
    writeControl(join(dir, subdir, "control"), commands);
    return { kind: "written" };
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENXIO") return { kind: "not-listening" };
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return investigate(dir, subdir, err);
    return { kind: "error", err };
  }
}

/* A missing control FIFO: no SUBDIR means no supervisor ever ran; a SUBDIR without FIFO is broken. */
function investigate(dir: string, subdir: string, original: unknown): ControlResult {
  try {
    closeSync(openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY));
  } catch (err) {
    return { kind: "error", err };
  }
  try {
    closeSync(openSync(join(dir, subdir), constants.O_RDONLY | constants.O_DIRECTORY));
  } catch (err) {
    return errnoCode(err) === "ENOENT" ? { kind: "not-listening" } : { kind: "broken", err };
  }
  return { kind: "broken", err: original };
}

/** s6-svc's and s6-svscanctl's reaction to each outcome. */
export function controlOrDie(prog: Prog, dir: string, subdir: string, commands: string, brokenTail: string): void {
  const r = writeControlIn(dir, subdir, commands);
  switch (r.kind) {
    case "written":
      return;
    case "not-listening":
      prog.unableX(100, "control ", dir, ": supervisor not listening");
    case "broken":
      prog.fatalSys(100, r.err, "something is wrong with the ", dir, "/", subdir, brokenTail);
    case "error":
      prog.unableSys(111, r.err, "control ", dir);
  }
}
