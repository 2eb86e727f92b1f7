import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof, e.g. from
 * --ts6-node-args="--cpu-prof --cpu-prof-dir=DIR"): self time by function
 * and by file, heaviest first, over the whole profile or the window
 * FROM..TO ms after it began.
 *   tsx bench/profile.ts FILE.cpuprofile [--top N] [--from MS] [--to MS]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const REPO = fileURLToPath(new URL("..", import.meta.url));

function where(frame: CallFrame): string {
  if (frame.url === "") return "(native)";
  const path = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  return path.startsWith(REPO) ? relative(REPO, path) : path.replace(/^.*\/node_modules\//, "node_modules/");
}

function table(title: string, totals: Map<string, number>, all: number, top: number): string {
  const lines = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / all).toFixed(1).padStart(5)}%  ${k}`);
  return `${title}\n${lines.join("\n")}`;
}

interface Window {
  top: number;
  fromMs: number;
  toMs: number;
}

function main(file: string, w: Window): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let all = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (frame === undefined || at < w.fromMs * 1000 || at > w.toMs * 1000) return;
    all += us;
    const fn = `${frame.functionName || "(anonymous)"} ${where(frame)}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byFile.set(where(frame), (byFile.get(where(frame)) ?? 0) + us);
  });
  const wall = (profile.endTime - profile.startTime) / 1000;
  const span = w.fromMs > 0 || w.toMs < Infinity ? `, window ${w.fromMs}..${w.toMs} ms` : "";
  process.stdout.write(`${file}: ${wall.toFixed(0)} ms profiled${span}, ${(all / 1000).toFixed(0)} ms in samples\n\n`);
  process.stdout.write(`${table("self time by function", byFunction, all, w.top)}\n\n${table("self time by file", byFile, all, w.top)}\n`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
});
if (positionals.length !== 1) {
  process.stderr.write("usage: tsx bench/profile.ts FILE.cpuprofile [--top N] [--from MS] [--to MS]\n");
  process.exit(100);
}
main(positionals[0]!, { top: Number(values.top ?? 25), fromMs: Number(values.from ?? 0), toMs: Number(values.to ?? Infinity) });
