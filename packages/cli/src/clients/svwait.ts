import type { OptionHelp } from "../help.js";
import type { Tool } from "./run-tool.js";
import { parseOptions } from "./options.js";
import type { Prog } from "./strerr.js";
import { SvListen, type Want } from "./svlisten.js";
import { deadlineAfter, parseTimeout } from "./timeout-arg.js";

/** -u -U -d -D -r -R: up, down or restarted, and whether readiness counts. */
export type WaitMode = "u" | "U" | "d" | "D" | "r" | "R";

/** The states s6-svwait and s6-svlisten1 wait for, as --help explains them. */
export const WAIT_MODE_HELP: readonly OptionHelp[] = [
    ["-u", "wait until up (the default)"],
    ["-U", "wait until up and ready"],
    ["-d", "wait until down"],
    ["-D", "wait until down and ./finish done"],
    ["-r", "wait until restarted (down, then up)"],
    ["-R", "wait until restarted and ready"],
];

export const svwaitTool: Tool = {
  usage: "[ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir...",
  summary: "wait until services are up, ready, down or restarted",
  options: [
    ...WAIT_MODE_HELP,
    ["-a", "wait for all the services (the default)"],
    ["-o", "wait for one of them"],
    ["-t timeout", "give up after timeout milliseconds (exit 99)"],
  ],
  main: svwaitMain,
};

async function svwaitMain(prog: Prog, argv: readonly string[]): Promise<number> {
  const o = { mode: "u" as WaitMode, any: false, timeout: 0 };
  const dirs = parseOptions(prog, argv, "UudDrRaot:", (opt, value) => {
    if (opt === "a" || opt === "o") o.any = opt === "o";
    else if (opt === "t") o.timeout = parseTimeout(value) ?? prog.usage();
    else o.mode = opt as WaitMode;
  });
  if (dirs.length === 0) prog.usage();
  const failed = await svwait(prog, dirs, o.mode, o.any, deadlineAfter(o.timeout));
  if (failed) prog.fatal(failed, "some services reported permanent failure or their supervisor died");
  return 0;
}

/** The state a mode finally waits for. */
export function wantOf(mode: WaitMode): Want {
  return { up: mode !== "d" && mode !== "D", ready: mode === "U" || mode === "D" || mode === "R" };
}

/**
 * s6-svwait's logic; resolves with the number of services that failed.
 * -r and -R first wait for every service to be down (ready or not) and
 * stop there if any failed, as s6-svwait does.
 */
export async function svwait(
  prog: Prog, dirs: readonly string[], mode: WaitMode, any: boolean, deadline: number | undefined,
): Promise<number> {
  const listen = new SvListen(prog, dirs);
  const timedOut = (): Error => prog.fatalExit(99, "timed out");
  try {
    if (mode === "r" || mode === "R") {
      const failed = await listen.wait({ up: false, ready: false }, false, deadline, timedOut);
      if (failed) return failed;
    }
    return await listen.wait(wantOf(mode), any, deadline, timedOut);
  } finally {
    listen.close();
  }
}
