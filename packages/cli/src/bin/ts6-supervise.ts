import { cloexecFrom, dup2 } from "@ts6/native";
import { writeSync } from "node:fs";
import { Reaper, Supervisor, SupervisorStartError, createLogger, devNullFds } from "@ts6/supervise";
import { asksForHelp, formatHelp } from "../help.js";

const USAGE = "dir";
const log = createLogger("ts6-supervise");

function die(code: number, msg: string): never {
  log.fatal(msg);
  process.exit(code);
}

// As s6-supervise: extra arguments are ignored, an empty one is a directory that cannot be reached.
const dir = process.argv[2];
if (asksForHelp(process.argv.slice(2))) {
  writeSync(1, formatHelp("ts6-supervise", "supervise the service in dir, as s6-supervise (ts6-svscan runs one per service)", USAGE, [
    ["dir", "the service directory: run, and optionally finish, notification-fd, down, log/..."],
    ["--help", "show this help"],
  ]));
  process.exit(0);
}
// Plain text whatever stderr is: a person reads this, not a log collector.
if (dir === undefined) {
  writeSync(2, `ts6-supervise: usage: ts6-supervise ${USAGE}\n`);
  process.exit(100);
}

// Whatever our parent leaked must not reach the service.
cloexecFrom(3);

const reaper = new Reaper(log);
const sup = new Supervisor({ dir, name: dir, reaper, log, stdio: [0, 1, 2] });
sup.on("stdio-detached", () => {
  const [rd, wr] = devNullFds();
  dup2(rd, 0);
  dup2(wr, 1);
});
sup.on("exit", () => process.exit(0));

for (const [sig, what] of [["SIGTERM", "term"], ["SIGHUP", "hup"], ["SIGQUIT", "quit"], ["SIGINT", "int"]] as const) {
  process.on(sig, () => sup.signal(what));
}

try {
  sup.start();
} catch (err) {
  if (err instanceof SupervisorStartError) die(err.exitCode, err.message);
  throw err;
}
