import { formatDuration } from "./duration.js";
import type { ServiceReport } from "./report.js";

type Style = "green" | "red" | "yellow" | "magenta" | "dim" | "bold";

interface Cell {
  text: string;
  style?: Style;
}

const SGR: Record<Style, string> = { green: "32", red: "31", yellow: "33", magenta: "35", dim: "2", bold: "1" };
const HEADER = ["SERVICE", "STATE", "PID", "TIME", "READY", "NORMALLY", "LAST", "RESTARTS", "CPU", "MEM", "NOTE"];

/**
 * The `ts6 status` table: a header, then one row per service with its
 * logger indented under it. Columns are padded on the plain text, so the
 * colours (when asked for) never shift the alignment.
 */
export function renderTable(reports: readonly ServiceReport[], colour: boolean): string {
  const rows: Cell[][] = [HEADER.map((text) => ({ text, style: "bold" })), ...reports.map(row)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.text.length)));
  return rows.map((r) => line(r, widths, colour)).join("");
}

function line(cells: readonly Cell[], widths: readonly number[], colour: boolean): string {
  const last = cells.length - 1;
  const parts = cells.map((c, i) => {
    const pad = i === last ? "" : " ".repeat(widths[i]! - c.text.length);
    return (colour && c.style && c.text !== "" ? `\x1b[${SGR[c.style]}m${c.text}\x1b[0m` : c.text) + pad;
  });
  return `${parts.join("  ").trimEnd()}\n`;
}

function row(r: ServiceReport): Cell[] {
  const name = { text: r.logger ? `  ${r.name}` : r.name };
  if (!r.supervised) {
    const text = r.reason === undefined ? "unsupervised" : `not supervised: ${r.reason}`;
    return [name, { text, style: "magenta" }, dash(), dash(), dash(), normally(r), dash(), dash(), dash(), dash(), { text: "" }];
  }
  return [
    name,
    state(r),
    { text: r.pid === null ? "-" : String(r.pid) },
    { text: r.seconds === null ? "-" : formatDuration(r.seconds) },
    readiness(r),
    normally(r),
    lastDeath(r),
    restarts(r),
    { text: r.cpuPercent === null ? "-" : `${r.cpuPercent.toFixed(1)}%` },
    { text: r.memoryBytes === null ? "-" : formatBytes(r.memoryBytes) },
    { text: r.note, style: r.problem ? "red" : "yellow" },
  ];
}

const dash = (): Cell => ({ text: "-" });

function state(r: ServiceReport): Cell {
  if (r.state === "up") return { text: "up", style: "green" };
  if (r.state === "finishing") return { text: "finishing", style: "yellow" };
  return r.wantUp ? { text: "down", style: "red" } : { text: "down" };
}

/* "not ready" only where readiness is reported at all: a service without notification-fd never is. */
function readiness(r: ServiceReport): Cell {
  if (r.state !== "up") return dash();
  if (r.ready) return { text: "ready", style: "green" };
  return r.notificationFd ? { text: "not ready", style: "yellow" } : dash();
}

function normally(r: ServiceReport): Cell {
  return { text: r.normallyUp ? "up" : "down", style: "dim" };
}

function lastDeath(r: ServiceReport): Cell {
  if (r.signal !== null) return { text: r.signal, style: "yellow" };
  if (r.exitCode === null) return dash();
  return r.exitCode === 0 ? { text: "exit 0" } : { text: `exit ${r.exitCode}`, style: "yellow" };
}

/* The tally keeps the last max-death-tally deaths: a full one means at least that many. */
function restarts(r: ServiceReport): Cell {
  if (r.restarts === null) return dash();
  const text = `${r.restarts}${r.restartsCapped ? "+" : ""}`;
  return r.restarts > 0 ? { text, style: "yellow" } : { text };
}

/* As ps and top show sizes: 1024-based, one decimal below 10. */
function formatBytes(n: number): string {
  const units = ["B", "K", "M", "G", "T"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u > 0 && v < 10 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}
