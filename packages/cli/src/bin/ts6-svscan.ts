import { closeSync, fstatSync, writeSync } from "node:fs";
import { cloexecFrom, execve } from "@ts6/native";
import {
  Reaper, Scanner, SupervisorStartError, createLogger, installScannerSignals, watchScandir,
} from "@ts6/supervise";
import { UsageError, getopt, parseUint } from "../getopt.js";

const USAGE = "ts6-svscan [ -c maxservices ] [ -t timeout ] [ -d notif ] [ -X consoleholder ] [ --no-watch ] [ dir ]";
const log = createLogger("ts6-svscan");

function die(code: number, msg: string): never {
  log.fatal(msg);
  process.exit(code);
}

interface Options {
  max: number;
  rescanMs: number;
  notif?: number;
  consoleHolder?: number;
  watch: boolean;
  scandir: string;
}

function fdIsOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { max: 500, rescanMs: 0, watch: true, scandir: "." };
  let parsed;
  try {
    parsed = getopt(argv, "c:t:d:X:", { "no-watch": false });
  } catch (err) {
    if (err instanceof UsageError) die(100, `${err.message}\nusage: ${USAGE}`);
    throw err;
  }
  for (const { name, value } of parsed.opts) {
    const n = parseUint(value);
    if (name === "no-watch") {
      o.watch = false;
      continue;
    }
    if (n === undefined) die(100, `invalid value for -${name}: ${String(value)}\nusage: ${USAGE}`);
    if (name === "c") o.max = Math.min(90000, Math.max(2, n));
    else if (name === "t") o.rescanMs = n;
    else if (name === "d") o.notif = n;
    else if (name === "X") o.consoleHolder = n;
  }
  if (parsed.rest.length > 1) die(100, `too many arguments\nusage: ${USAGE}`);
  if (parsed.rest[0] !== undefined) o.scandir = parsed.rest[0];
  for (const [fd, what] of [[o.notif, "notification"], [o.consoleHolder, "console holder"]] as const) {
    if (fd === undefined) continue;
    if (fd < 3) die(100, `${what} fd must be 3 or more`);
    if (!fdIsOpen(fd)) die(100, `invalid ${what} fd: ${fd}`);
  }
  return o;
}

const opts = parseOptions(process.argv.slice(2));
try {
  process.chdir(opts.scandir);
} catch (err) {
  die(111, `unable to chdir to ${opts.scandir}: ${(err as Error).message}`);
}
// Services must not inherit whatever our parent leaked; the notification
// and console-holder fds are ours to use, not theirs.
cloexecFrom(3);

const reaper = new Reaper(log);
const scanner = new Scanner({ scandir: ".", max: opts.max, rescanMs: opts.rescanMs, reaper, log, consoleHolder: opts.consoleHolder });
try {
  scanner.start();
} catch (err) {
  if (err instanceof SupervisorStartError) die(err.exitCode, err.message);
  throw err;
}
const uninstall = installScannerSignals(scanner, reaper, log, ".");
const watcher = opts.watch ? watchScandir(".", () => scanner.rescan()) : undefined;

// Ready means ready for everything: commands, and a directory added from
// now on, which the watch only sees once it is live.
void (watcher?.ready ?? Promise.resolve()).then(() => {
  // Whatever appeared while the watch was starting, it did not see.
  if (watcher !== undefined) scanner.scanNow();
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
    uninstall();
    await watcher?.close();
    scanner.close();
    reaper.close();
    execFinal(".s6-svscan/finish", 0);
  })();
});

/** Becomes the finish (or crash) program in place, same pid, as s6-svscan does. */
function execFinal(prog: string, fallbackCode: number): never {
  try {
    execve(prog, [prog], Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ""}`));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") process.exit(fallbackCode);
    log.error({ file: prog, code }, `unable to exec ${prog}: ${(err as Error).message}`);
  }
  process.exit(111);
}
