import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * Summarises a V8 .heapsnapshot (ts6-svscan under
 * --ts6-node-args="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=DIR", then
 * kill -USR2): self size and count by constructor, heaviest first. Divide by
 * the number of services to see what one Supervisor costs.
 *   tsx bench/heap.ts FILE.heapsnapshot [--top N] [--per N]
 */

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function main(file: string, top: number, per: number): void {
  const snap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const totals = new Map<string, { size: number; count: number }>();
  let all = 0;
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + typeAt]!] ?? "?";
    const name = type === "object" || type === "native" || type === "closure" ? snap.strings[snap.nodes[i + nameAt]!] ?? "?" : "";
    const key = name === "" ? `(${type})` : `${name} (${type})`;
    const size = snap.nodes[i + sizeAt]!;
    const t = totals.get(key) ?? { size: 0, count: 0 };
    t.size += size;
    t.count++;
    totals.set(key, t);
    all += size;
  }
  const perLabel = per > 1 ? ` (per 1/${per}: bytes, count)` : "";
  process.stdout.write(`${file}: ${(all / 2 ** 20).toFixed(2)} MiB in ${snap.nodes.length / stride} heap objects${perLabel}\n`);
  for (const [key, t] of [...totals].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    const extra = per > 1 ? `  ${(t.size / per).toFixed(0).padStart(7)} B ${(t.count / per).toFixed(1).padStart(6)}` : "";
    process.stdout.write(`${(t.size / 1024).toFixed(0).padStart(9)} KiB ${String(t.count).padStart(8)}${extra}  ${key}\n`);
  }
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string" }, per: { type: "string" } } });
if (positionals.length !== 1) {
  process.stderr.write("usage: tsx bench/heap.ts FILE.heapsnapshot [--top N] [--per SERVICES]\n");
  process.exit(100);
}
main(positionals[0]!, Number(values.top ?? 30), Number(values.per ?? 1));
