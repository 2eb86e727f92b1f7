import { fstatSync } from "node:fs";
import { UsageError, getopt, parseUint } from "./getopt.js";
import { formatHelp } from "./help.js";
import { type ContainerOptions, applyContainerOption } from "./svscan/container-options.js";

/**
 * ts6-svscan's options: the parser, the usage line and --help are all
 * derived from this table. A new option is one row here and one case in
 * parseSvscanOptions.
 */
interface OptionSpec {
  /** "c" for -c, "no-watch" for --no-watch. */
  name: string;
  /** The value's name in the usage line, if it takes one. */
  value?: string;
  /** The value is optional and given only as --name=value. */
  optional?: boolean;
  /** It may be given several times. */
  repeat?: boolean;
  help: string;
}

const OPTIONS: readonly OptionSpec[] = [
  { name: "c", value: "maxservices", help: "supervise at most maxservices services (default 500, 2 to 90000)" },
  { name: "t", value: "timeout", help: "also scan every timeout milliseconds (default 0: only when told, or when the directory changes)" },
  { name: "d", value: "notif", help: "write a newline to fd notif (3 or more) once ready to take commands" },
  { name: "X", value: "consoleholder", help: "fd holding the console, given as stderr to s6-svscan-log's supervisor" },
  { name: "no-watch", help: "do not watch the scan directory; scan only on -t, SIGALRM or s6-svscanctl -a" },
  { name: "subreaper", help: "adopt orphaned descendants (as PID 1 does) when not PID 1" },
  { name: "exit-on", value: "NAME", repeat: true, help: "bring the tree down when service NAME exits on its own, with its exit code" },
  { name: "wait-ready", value: "ms", optional: true, help: "start the main program (or write -d's line) once every service wanted up is up and ready; exit 111 after ms (default 5000) without that" },
  { name: "shutdown-timeout", value: "ms", help: "when the tree comes down, SIGKILL every service still running ms after the start of the shutdown" },
  { name: "http", value: "addr:port", help: "serve /healthz, /readyz, /metrics and /status (read-only) on addr:port" },
  { name: "copy-from", value: "dir", help: "copy the service tree dir into the scan directory at start, and supervise the copy (read-only root)" },
];

const flag = (o: OptionSpec): string =>
  `${o.name.length === 1 ? "-" : "--"}${o.name}${o.value === undefined ? "" : o.optional ? `[=${o.value}]` : ` ${o.value}`}`;

export const SVSCAN_USAGE = `${OPTIONS.map((o) => `[ ${flag(o)} ]${o.repeat ? "..." : ""}`).join(" ")} [ dir [ -- prog args... ] ]`;

export function svscanHelp(): string {
  return formatHelp(
    "ts6-svscan",
    "supervise every service directory of a scan directory (default: the current directory), as s6-svscan",
    SVSCAN_USAGE,
    [
      ...OPTIONS.map((o) => [flag(o), o.help] as const),
      ["dir", "the scan directory"],
      ["-- prog args...", "run prog as the main program; the tree comes down when it exits, with its exit code"],
      ["--help", "show this help"],
    ],
  );
}

const SHORT = OPTIONS.filter((o) => o.name.length === 1).map((o) => `${o.name}${o.value ? ":" : ""}`).join("");
const LONG = Object.fromEntries([
  ...OPTIONS.filter((o) => o.name.length > 1).map((o) => [o.name, o.optional ? "optional" : o.value !== undefined] as const),
  ["help", false] as const,
]);

export interface SvscanOptions extends ContainerOptions {
  max: number;
  rescanMs: number;
  notif?: number;
  consoleHolder?: number;
  watch: boolean;
  /** --help: print the help and exit 0, nothing else. */
  help: boolean;
  subreaper: boolean;
  exitOn: Set<string>;
  scandir: string;
  /** The main program, after `--`. */
  main?: string[];
}

/** A command line that cannot be run: exit 100 with this message and the usage line. */
export class SvscanUsage extends Error {}

function fdIsOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

export function parseSvscanOptions(argv: readonly string[]): SvscanOptions {
  const o: SvscanOptions = { max: 500, rescanMs: 0, watch: true, help: false, subreaper: false, exitOn: new Set(), scandir: "." };
  let parsed;
  try {
    parsed = getopt(argv, SHORT, LONG);
  } catch (err) {
    if (err instanceof UsageError) throw new SvscanUsage(err.message);
    throw err;
  }
  if (parsed.opts.some((o) => o.name === "help")) return { ...o, help: true };
  for (const { name, value } of parsed.opts) {
    switch (name) {
      case "no-watch": o.watch = false; continue;
      case "subreaper": o.subreaper = true; continue;
      case "exit-on":
        if (value === undefined || value === "" || value.startsWith(".")) throw new SvscanUsage(`--exit-on needs a service name, got ${JSON.stringify(value)}`);
        o.exitOn.add(value);
        continue;
    }
    if (applyContainerOption(o, name, value, (msg) => new SvscanUsage(msg))) continue;
    const n = parseUint(value);
    if (n === undefined) throw new SvscanUsage(`-${name} needs an unsigned integer, got ${JSON.stringify(value)}`);
    if (name === "c") o.max = Math.min(90000, Math.max(2, n));
    else if (name === "t") o.rescanMs = n;
    else if (name === "d") o.notif = n;
    else if (name === "X") o.consoleHolder = n;
  }
  const rest = parsed.rest;
  const sep = rest.indexOf("--");
  const operands = sep < 0 ? rest : rest.slice(0, sep);
  if (sep >= 0) {
    o.main = rest.slice(sep + 1);
    if (o.main.length === 0) throw new SvscanUsage("nothing to run after --");
  }
  if (operands.length > 1) throw new SvscanUsage(`too many arguments: ${operands.join(" ")}`);
  if (operands[0] !== undefined) o.scandir = operands[0];
  for (const [fd, what] of [[o.notif, "notification"], [o.consoleHolder, "console holder"]] as const) {
    if (fd === undefined) continue;
    if (fd < 3) throw new SvscanUsage(`${what} fd must be 3 or more`);
    if (!fdIsOpen(fd)) throw new SvscanUsage(`invalid ${what} fd: ${fd} is not open`);
  }
  return o;
}
