import { cloexecFrom, dup2 } from "@ts6/native";
import { Reaper, Supervisor, SupervisorStartError, createLogger, devNullFds } from "@ts6/supervise";

const USAGE = "ts6-supervise dir";
const log = createLogger("ts6-supervise");

function die(code: number, msg: string): never {
  log.fatal(msg);
  process.exit(code);
}

// As s6-supervise: extra arguments are ignored, an empty one is a directory that cannot be reached.
const dir = process.argv[2];
if (dir === undefined) die(100, `usage: ${USAGE}`);

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
