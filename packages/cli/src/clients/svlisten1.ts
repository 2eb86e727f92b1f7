import { spawn } from "node:child_process";
import { errnoText } from "@ts6/protocol";
import { parseOptions } from "./options.js";
import type { Tool } from "./run-tool.js";
import type { Prog } from "./strerr.js";
import { SvListen } from "./svlisten.js";
import { WAIT_MODE_HELP, type WaitMode, wantOf } from "./svwait.js";
import { deadlineAfter, parseTimeout } from "./timeout-arg.js";

export const svlisten1Tool: Tool = {
  usage: "[ -U | -u | -d | -D | -r | -R ] [ -t timeout ] servicedir prog...",
  summary: "run a program, then wait until a service reaches a state",
  options: [
    ...WAIT_MODE_HELP,
    ["-t timeout", "give up after timeout milliseconds (exit 99)"],
  ],
  main: svlisten1Main,
};

async function svlisten1Main(prog: Prog, argv: readonly string[]): Promise<number> {
  const o = { mode: "u" as WaitMode, timeout: 0 };
  const rest = parseOptions(prog, argv, "uUdDrRt:", (opt, value) => {
    if (opt === "t") o.timeout = parseTimeout(value) ?? prog.usage();
    else o.mode = opt as WaitMode;
  });
  const [dir, file, ...args] = rest;
  if (dir === undefined || file === undefined) prog.usage();
  await svlisten1(prog, dir, o.mode, deadlineAfter(o.timeout), () => spawnProg(prog, file, args));
  return 0;
}

/**
 * s6-svlisten1's logic: subscribe and read the status, then act (spawn the
 * program, or write the control bytes for s6-svc -w), then wait. -r and -R
 * wait for down-and-ready before waiting for up. Dies with exit 1 when the
 * service failed permanently or its supervisor exited.
 */
export async function svlisten1(
  prog: Prog, dir: string, mode: WaitMode, deadline: number | undefined, act: () => Promise<void> | void,
): Promise<void> {
  const listen = new SvListen(prog, [dir]);
  const timedOut = (): Error => prog.fatalExit(99, "timed out");
  const failed = (): never => prog.fatal(1, dir, " failed permanently or its supervisor died");
  try {
    await act();
    if ((mode === "r" || mode === "R") && (await listen.wait({ up: false, ready: true }, true, deadline, timedOut))) {
      failed();
    }
    if (await listen.wait(wantOf(mode), true, deadline, timedOut)) failed();
  } finally {
    listen.close();
  }
}

/* Like s6's child_spawn0: the program runs on its own and is not waited for. */
function spawnProg(prog: Prog, file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "inherit" });
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
    child.once("error", (err) => reject(prog.fatalExit(111, "unable to spawn ", file, ": ", errnoText(err))));
  });
}
