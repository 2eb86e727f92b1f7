import { writeSync } from "node:fs";
import { isatty } from "@ts6/native";
import pino from "pino";

/**
 * The daemon's diagnostics, through pino: one JSON record per line on fd 2
 * (level, time, name, bindings such as service, fields, msg), or on a
 * terminal the same record as an s6-style text line. Written synchronously
 * by our own destination: a supervisor about to exec its finish script, or
 * dying, must not lose its last words in a buffer, and pino's transports
 * (worker threads) are left out of the bundle altogether.
 */
export interface Logger {
  debug(fields: object, msg: string): void;
  debug(msg: string): void;
  info(fields: object, msg: string): void;
  info(msg: string): void;
  warn(fields: object, msg: string): void;
  warn(msg: string): void;
  error(fields: object, msg: string): void;
  error(msg: string): void;
  fatal(fields: object, msg: string): void;
  fatal(msg: string): void;
  /** A logger whose records also carry `bindings` (e.g. the service name). */
  child(bindings: Record<string, unknown>): Logger;
}

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

const LEVEL_NAMES: Record<number, string> = {
  10: "trace", 20: "debug", 30: "info", 40: "warning", 50: "error", 60: "fatal",
};

// Fields that are part of every record and already rendered in the prefix.
const PREFIX_FIELDS = new Set(["level", "time", "msg", "name", "pid", "hostname", "service"]);

/**
 * One line per record, in the shape s6 users know from strerr
 * ("prog: warning: message"), with the structured fields appended as
 * key=value so that nothing the JSON form carries is lost on a terminal.
 */
export function humanLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = LEVEL_NAMES[Number(rec.level)] ?? String(rec.level);
  const who = rec.service === undefined ? String(rec.name) : `${String(rec.name)} ${String(rec.service)}`;
  const extras = Object.entries(rec)
    .filter(([k]) => !PREFIX_FIELDS.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const tail = extras.length > 0 ? ` (${extras.join(" ")})` : "";
  return `${who}: ${level}: ${String(rec.msg ?? "")}${tail}\n`;
}

function emit(line: string): void {
  try {
    writeSync(2, line);
  } catch {
    // stderr gone (closed terminal, full pipe): nothing better to do with
    // a diagnostic than drop it; the supervisor itself must go on.
  }
}

export function createLogger(name: string, opts: { human?: boolean; level?: string } = {}): Logger {
  // Not process.stderr.isTTY: that getter builds the stream (a net.Socket on a pipe), modules and all, for one question.
  const human = opts.human ?? isatty(2);
  const wanted = opts.level ?? process.env.TS6_LOG_LEVEL ?? "info";
  const destination = { write: human ? (json: string) => emit(humanLine(json)) : emit };
  // base: only the name; pid and hostname are not worth their bytes on every line.
  return pino({ level: LEVELS.has(wanted) ? wanted : "info", base: { name } }, destination);
}
