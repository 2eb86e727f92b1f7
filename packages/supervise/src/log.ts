import { writeSync } from "node:fs";
import { pino, type Logger, type DestinationStream } from "pino";

export type { Logger } from "pino";

const LEVEL_NAMES: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warning",
  50: "error",
  60: "fatal",
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

/**
 * Diagnostics go to fd 2 synchronously: a supervisor that is about to exec
 * its finish script, or that dies, must not lose its last words in a buffer.
 */
function stderrDestination(human: boolean): DestinationStream {
  return {
    write(line: string): void {
      const out = human ? humanLine(line) : line;
      try {
        writeSync(2, out);
      } catch {
        // stderr gone (closed terminal, full pipe): nothing better to do with
        // a diagnostic than drop it; the supervisor itself must go on.
      }
    },
  };
}

export function createLogger(name: string, opts: { human?: boolean; level?: string } = {}): Logger {
  const human = opts.human ?? process.stderr.isTTY === true;
  return pino(
    {
      name,
      level: opts.level ?? process.env.TS6_LOG_LEVEL ?? "info",
      base: { name },
      formatters: { level: (_label, number) => ({ level: number }) },
    },
    stderrDestination(human),
  );
}
