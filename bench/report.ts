import type { Row, Unit } from "./rows.js";
import { median } from "./stats.js";

/** A row reduced to its medians, as printed and as saved with its samples. */
export interface Summary {
  label: string;
  unit: Unit;
  s6: number;
  ts6: number;
  /** ts6 / s6 of the medians. */
  ratio: number;
  target: string | undefined;
  met: boolean | undefined;
  samples: Row["samples"];
}

export function summarize(rows: readonly Row[]): Summary[] {
  return rows.map((r) => {
    if (r.skipped !== undefined) {
      return { label: r.label, unit: r.unit, s6: Number.NaN, ts6: Number.NaN, ratio: Number.NaN, target: `skipped: ${r.skipped}`, met: undefined, samples: r.samples };
    }
    const s6 = median(r.samples.s6);
    const ts6 = median(r.samples.ts6);
    const ratio = ts6 / s6;
    return {
      label: r.label,
      unit: r.unit,
      s6,
      ts6,
      ratio,
      target: r.target?.text,
      met: r.target?.met(ratio, ts6),
      samples: r.samples,
    };
  });
}

/** Three significant digits, never in exponent form, never more than 3 decimals. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "n/a" : "inf";
  if (x === 0) return "0";
  const decimals = Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x)))));
  return x.toFixed(decimals);
}

/** A Markdown table: figure, unit, s6, ts6, ratio, target, met. */
export function formatTable(summaries: readonly Summary[]): string {
  const header = ["figure", "unit", "s6", "ts6", "ts6/s6", "target", "met"];
  const lines = summaries.map((s) => [
    s.label,
    s.unit,
    formatNumber(s.s6),
    formatNumber(s.ts6),
    formatNumber(s.ratio),
    s.target ?? "",
    s.met === undefined ? "" : s.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [fmt(header), fmt(widths.map((w) => "-".repeat(w))), ...lines.map(fmt)].join("\n");
}
