import { closeSync, writeSync } from "node:fs";
import { errnoText } from "@ts6/protocol";
import { cloexecFrom, execve, reserveSpawnSlots, setSubreaper } from "@ts6/native";
import {
  MainProgram, obeyScanControl, Reaper, Scanner, SupervisorStartError, armShutdownBudget, createLogger, recordPermanentFailures, exitCodeOf, installScannerSignals, watchScandir,
  type ScandirWatch,
} from "@ts6/supervise";
import { SVSCAN_USAGE, SvscanUsage, parseSvscanOptions, svscanHelp, type SvscanOptions } from "../svscan-options.js";
import { CopyError, copyServiceTree } from "../svscan/copy-tree.js";
import { launchHttp } from "../svscan/http-launch.js";
import { describeNotReady } from "../svscan/readiness.js";
import { waitTreeReady } from "../svscan/wait-ready.js";

const log = createLogger("ts6-svscan");

function die(code: number, msg: string): never {
  log.fatal(msg);
  process.exit(code);
}

let opts: SvscanOptions;
try {
  opts = parseSvscanOptions(process.argv.slice(2));
} catch (err) {
  // Plain text whatever stderr is: a person reads this, not a log collector.
  if (err instanceof SvscanUsage) {
    writeSync(2, `ts6-svscan: fatal: ${err.message}\nts6-svscan: usage: ts6-svscan ${SVSCAN_USAGE}\n`);
    process.exit(100);
  }
  throw err;
}
if (opts.help) {
  writeSync(1, svscanHelp());
  process.exit(0);
}

// PID 1 must outlive any bug: a surprise is logged, never fatal. The engine
// contains exceptions per supervisor; this is the net under everything else.
process.on("uncaughtException", (err) => log.error({ err }, "uncaught exception (contained)"));
process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection (contained)"));

const launchCwd = process.cwd();
if (opts.copyFrom !== undefined) {
  try {
    copyServiceTree(opts.copyFrom, opts.scandir);
  } catch (err) {
    if (err instanceof CopyError) die(111, `--copy-from ${opts.copyFrom}: ${err.message}`);
    throw err;
  }
}
try {
  process.chdir(opts.scandir);
} catch (err) {
  die(111, `unable to chdir to ${opts.scandir}: ${errnoText(err)}`);
}
// Services must not inherit whatever our parent leaked.
cloexecFrom(3);
// Before the scan opens three fds per service: spawns then cost the same at any size.
reserveSpawnSlots();
if (opts.subreaper && process.pid !== 1) setSubreaper(true);

const reaper = new Reaper(log);
const scanner = new Scanner({
  scandir: ".", max: opts.max, rescanMs: opts.rescanMs, reaper, log, consoleHolder: opts.consoleHolder, waitForWhole: opts.watch,
});
// The first scan happens before the watch exists: what it waits on is watched once the watch does.
let watcher: ScandirWatch | undefined;
let incomplete: ReadonlySet<string> = new Set();
scanner.on("incomplete", (dirs) => {
  incomplete = dirs;
  watcher?.watchInside(dirs);
});

/** Why the tree came down, when something other than a control command decided: the exit code. */
let decided: number | undefined;
function decide(code: number, why: string): void {
  if (decided !== undefined) return;
  decided = code;
  log.info({ code }, `${why}: bringing the tree down, exit code ${code}`);
  obeyScanControl("t", scanner, log);
}

let stopping = false;
scanner.once("finishing", () => (stopping = true));
recordPermanentFailures(scanner, ".", log);
if (opts.shutdownTimeoutMs !== undefined) armShutdownBudget(scanner, opts.shutdownTimeoutMs, log, () => main?.signal("SIGKILL"));

for (const name of opts.exitOn) {
  scanner.on("supervisor", (supName, sup) => {
    if (supName !== name) return;
    // Only a death nobody asked for: s6-svc -d or the tree's own shutdown clear wantUp first.
    sup.on("death", (wstat, wantUp) => {
      if (wantUp) decide(exitCodeOf(wstat), `service ${name} exited`);
    });
  });
}

// Listeners first: the first scan happens inside start().
try {
  scanner.start();
} catch (err) {
  if (err instanceof SupervisorStartError) die(err.exitCode, err.message);
  throw err;
}
const uninstall = installScannerSignals(scanner, reaper, log, ".");
watcher = opts.watch ? watchScandir(".", () => scanner.rescan()) : undefined;
watcher?.watchInside(incomplete);

if (opts.http !== undefined) {
  launchHttp(opts.http, { scandir: ".", orphansReaped: () => reaper.orphansReaped, stopping: () => stopping }, log).catch((err: Error) => {
    log.error(err.message);
    decide(111, "the http endpoint could not start");
  });
}

let main: MainProgram | undefined;
function startMain(argv: string[]): void {
  if (stopping) return;
  try {
    main = new MainProgram(argv, launchCwd, reaper, log);
  } catch (err) {
    log.error({ err }, `unable to run ${argv[0] ?? ""}: ${errnoText(err)}`);
    decide((err as { code?: string }).code === "ENOENT" ? 127 : 126, "the main program could not start");
  }
  void main?.exited.then((code) => decide(code, "the main program exited"));
  scanner.on("finishing", () => main?.signal("SIGTERM"));
}
if (opts.main !== undefined && opts.waitReadyMs === undefined) startMain(opts.main);

// Ready means ready for everything: commands, and a directory added from
// now on, which the watch only sees once it is live.
void (watcher?.ready ?? Promise.resolve()).then(async () => {
  // Whatever appeared while the watch was starting, it did not see.
  if (watcher !== undefined) scanner.scanNow();
  if (opts.waitReadyMs !== undefined) {
    // --wait-ready: the main program and the readiness line wait for the services.
    const pending = await waitTreeReady(".", opts.waitReadyMs);
    if (stopping) return;
    if (pending.length > 0) {
      log.error(`services not ready after ${opts.waitReadyMs} ms (--wait-ready): ${describeNotReady(pending)}`);
      decide(111, "the services were not ready in time");
      return;
    }
    if (opts.main !== undefined) startMain(opts.main);
  }
  if (opts.notif === undefined) return;
  try {
    writeSync(opts.notif, "\n");
  } catch (err) {
    log.warn({ fd: opts.notif }, `unable to write to the notification fd: ${(err as Error).message}`);
  }
  closeSync(opts.notif);
});

scanner.once("done", () => {
  void (async () => {
    const mainCode = await main?.exited;
    decided ??= mainCode;
    uninstall();
    await watcher?.close();
    scanner.close();
    reaper.close();
    log.debug({ orphans: reaper.orphansReaped }, `reaped ${reaper.orphansReaped} orphans`);
    execFinal(".s6-svscan/finish", decided);
  })();
});

// As s6-svscan panics: become .s6-svscan/crash, or die 111 without one.
scanner.once("fatal", (err) => {
  log.fatal({ err }, `unable to read .s6-svscan/control: ${errnoText(err)}; executing into .s6-svscan/crash`);
  execFinal(".s6-svscan/crash", 111);
});

/**
 * Becomes the finish (or crash) program in place, same pid, as s6-svscan does. When the
 * exit code was decided (main program, --exit-on), finish gets it in
 * TS6_EXIT_CODE and may pass it on; without finish, it is ours.
 */
function execFinal(prog: string, code: number | undefined): never {
  const env = { ...process.env };
  // One inherited from whoever started us would claim a decision nobody made.
  delete env.TS6_EXIT_CODE;
  if (code !== undefined) env.TS6_EXIT_CODE = String(code);
  try {
    execve(prog, [prog], Object.entries(env).map(([k, v]) => `${k}=${v ?? ""}`));
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") process.exit(code ?? 0);
    log.error({ file: prog }, `unable to exec ${prog}: ${errnoText(err)}`);
  }
  process.exit(111);
}
