import { fstatSync } from "node:fs";
import { UsageError, getopt, parseUint } from "./getopt.js";
import { CONTAINER_LONG_OPTIONS, type ContainerOptions, applyContainerOption } from "./svscan/container-options.js";

export const SVSCAN_USAGE =
  "ts6-svscan [ -c maxservices ] [ -t timeout ] [ -d notif ] [ -X consoleholder ] [ --no-watch ] [ --subreaper ] [ --exit-on NAME ]... [ --wait-ready[=ms] ] [ --shutdown-timeout ms ] [ --http addr:port ] [ --copy-from dir ] [ dir [ -- prog args... ] ]";

export interface SvscanOptions extends ContainerOptions {
  max: number;
  rescanMs: number;
  notif?: number;
  consoleHolder?: number;
  watch: boolean;
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
  const o: SvscanOptions = { max: 500, rescanMs: 0, watch: true, subreaper: false, exitOn: new Set(), scandir: "." };
  let parsed;
  try {
    parsed = getopt(argv, "c:t:d:X:", { "no-watch": false, subreaper: false, "exit-on": true, ...CONTAINER_LONG_OPTIONS });
  } catch (err) {
    if (err instanceof UsageError) throw new SvscanUsage(err.message);
    throw err;
  }
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
