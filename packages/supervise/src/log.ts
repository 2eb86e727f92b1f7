import { writeSync } from "node:fs";

/**
 * The daemon's diagnostics: one record per line on fd 2, written
 * synchronously (a supervisor about to exec its finish script, or dying,
 * must not lose its last words in a buffer). Records are pino's shape
 * (level number, time, name, bindings, fields, msg), so pino's tools read
 * them; pino itself is not used because loading it costs a fifth of the
 * daemon's memory for transports and workers we never need.
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

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type LevelName = keyof typeof LEVELS;

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

/** Errors become {type, message, stack, code}, as pino's serializer renders them. */
function serialize(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { type: value.name, message: value.message, stack: value.stack, ...(code === undefined ? {} : { code }) };
}

function emit(line: string): void {
  try {
    writeSync(2, line);
  } catch {
    // stderr gone (closed terminal, full pipe): nothing better to do with
    // a diagnostic than drop it; the supervisor itself must go on.
  }
}

class LineLogger implements Logger {
  constructor(
    private readonly threshold: number,
    private readonly human: boolean,
    private readonly bindings: Record<string, unknown>,
  ) {}

  debug(a: object | string, msg?: string): void {
    this.write(LEVELS.debug, a, msg);
  }
  info(a: object | string, msg?: string): void {
    this.write(LEVELS.info, a, msg);
  }
  warn(a: object | string, msg?: string): void {
    this.write(LEVELS.warn, a, msg);
  }
  error(a: object | string, msg?: string): void {
    this.write(LEVELS.error, a, msg);
  }
  fatal(a: object | string, msg?: string): void {
    this.write(LEVELS.fatal, a, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new LineLogger(this.threshold, this.human, { ...this.bindings, ...bindings });
  }

  private write(level: number, a: object | string, msg: string | undefined): void {
    if (level < this.threshold) return;
    const fields = typeof a === "string" ? {} : a;
    const text = typeof a === "string" ? a : (msg ?? "");
    const json = JSON.stringify({ level, time: Date.now(), ...this.bindings, ...fields, msg: text }, serialize);
    emit(this.human ? humanLine(json) : `${json}\n`);
  }
}

export function createLogger(name: string, opts: { human?: boolean; level?: string } = {}): Logger {
  const human = opts.human ?? process.stderr.isTTY === true;
  const wanted = (opts.level ?? process.env.TS6_LOG_LEVEL ?? "info") as LevelName;
  const threshold = LEVELS[wanted] ?? LEVELS.info;
  return new LineLogger(threshold, human, { name });
}
