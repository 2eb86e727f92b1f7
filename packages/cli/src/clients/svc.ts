import { accessSync } from "node:fs";
import { SVC_COMMANDS, errnoCode } from "@ts6/protocol";
import { controlOrDie } from "./control.js";
import { parseOptions } from "./options.js";
import type { Tool } from "./run-tool.js";
import type { Prog } from "./strerr.js";
import { svlisten1 } from "./svlisten1.js";
import { type WaitMode, svwait } from "./svwait.js";
import { deadlineAfter, parseTimeout } from "./timeout-arg.js";

/* s6-svc's buffer holds 63 bytes after its leading "-". */
const MAX_COMMANDS = 62;

export const svcTool: Tool = {
  usage: "[ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -abqhkti12pcyroduDUxOQ ] servicedir",
  summary: "send commands to a service's supervisor, optionally waiting for the result",
  main: svcMain,
};

async function svcMain(prog: Prog, argv: readonly string[]): Promise<number> {
  const o = { commands: "", timeout: 0, wait: undefined as WaitMode | undefined };
  const dirs = parseOptions(prog, argv, `${SVC_COMMANDS}T:w:`, (opt, value) => {
    if (opt === "T") o.timeout = parseTimeout(value) ?? prog.usage();
    else if (opt === "w") {
      const mode = value?.charAt(0) ?? "";
      if (mode === "" || !"dDuUrR".includes(mode)) prog.usage();
      o.wait = mode as WaitMode;
    } else {
      if (o.commands.length >= MAX_COMMANDS) prog.fatal(100, "too many commands");
      o.commands += opt;
    }
  });
  const dir = dirs[0];
  if (dir === undefined) prog.usage();
  if (dirs.length > 1) prog.warn("ignoring extra arguments");
  if (dir === "") prog.fatal(100, "invalid service path");
  const send = (): void => controlOrDie(prog, dir, "supervise", o.commands, " directory");
  if (o.wait === undefined) {
    send();
    return 0;
  }
  const mode = readinessOrNot(prog, dir, o.wait);
  const deadline = deadlineAfter(o.timeout);
  if (o.commands !== "") {
    await svlisten1(prog, dir, mode, deadline, send);
    return 0;
  }
  const failed = await svwait(prog, [dir], mode, false, deadline);
  if (failed) prog.fatal(failed, "some services reported permanent failure or their supervisor died");
  return 0;
}

/* -wU and -wR need readiness notification; without it they would wait forever. */
function readinessOrNot(prog: Prog, dir: string, mode: WaitMode): WaitMode {
  if (mode !== "U" && mode !== "R") return mode;
  const fn = `${dir}/notification-fd`;
  try {
    accessSync(fn);
    return mode;
  } catch (err) {
    if (errnoCode(err) !== "ENOENT") prog.unableSys(111, err, "access ", fn);
  }
  prog.warn(fn, " not present - ignoring request for readiness notification");
  return mode === "U" ? "u" : "r";
}
