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
  options: [
    ["-a", "send SIGALRM"],
    ["-b", "send SIGABRT"],
    ["-q", "send SIGQUIT"],
    ["-h", "send SIGHUP"],
    ["-k", "send SIGKILL"],
    ["-t", "send SIGTERM"],
    ["-i", "send SIGINT"],
    ["-1", "send SIGUSR1"],
    ["-2", "send SIGUSR2"],
    ["-p", "send SIGSTOP (pause)"],
    ["-c", "send SIGCONT (continue)"],
    ["-y", "send SIGWINCH"],
    ["-o", "once: as -uO"],
    ["-d", "down: send the down signal (SIGTERM, or ./down-signal) then SIGCONT, and do not restart"],
    ["-D", "down, and create ./down so that it stays down if the supervisor restarts"],
    ["-u", "up: start the service if down, and restart it whenever it dies"],
    ["-U", "up, and remove ./down so that it starts if the supervisor restarts"],
    ["-x", "exit: the supervisor exits once the service is down"],
    ["-O", "once at most: do not restart it when it dies (nor start it if down)"],
    ["-Q", "once at most, and create ./down"],
    ["-r", "restart: send the down signal; the supervisor starts it again"],
    ["-wu | -wU", "wait until the service is up | ready"],
    ["-wd | -wD", "wait until the service is down | down and ./finish done"],
    ["-wr | -wR", "wait until the service has restarted | restarted and ready"],
    ["-T timeout", "with -w: give up after timeout milliseconds"],
  ],
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
