import { run } from "./run.js";
import { s6 } from "./s6.js";

export interface Svstat {
  code: number | null;
  /** stdout with pids and second counts replaced by placeholders. */
  out: string;
  stderr: string;
}

/** Fields of s6-svstat -o whose values change from run to run. */
const VOLATILE: Record<string, (v: string) => string> = {
  pid: (v) => (v === "-1" ? v : "PID"),
  updownsince: () => "@STAMP",
  readysince: () => "@STAMP",
  updownfor: () => "N",
  readyfor: () => "N",
};

/** The default (legacy) output of s6-svstat with pids and seconds masked. */
export function normaliseLegacy(text: string): string {
  return text.replace(/\(pid \d+\)/g, "(pid PID)").replace(/\b\d+ seconds\b/g, "N seconds");
}

/** s6-svstat -o FIELDS output (space separated, in field order) with volatile values masked. */
export function normaliseFields(text: string, fields: readonly string[]): string {
  return text.replace(/[^\n]+/g, (line) =>
    line.split(" ").map((v, i) => VOLATILE[fields[i] ?? ""]?.(v) ?? v).join(" "));
}

/**
 * Runs Debian's s6-svstat on `dir`. `fields` (s6-svstat -o) selects the
 * machine output; without it, the legacy line.
 */
export async function svstat(dir: string, fields?: readonly string[], extra: readonly string[] = [], cwd?: string): Promise<Svstat> {
  const args = fields === undefined ? [...extra, dir] : [...extra, "-o", fields.join(","), dir];
  const r = await run(s6("s6-svstat"), args, { cwd });
  const out = fields === undefined ? normaliseLegacy(r.stdout) : normaliseFields(r.stdout, fields);
  return { code: r.code, out, stderr: r.stderr };
}

/** Every field of s6-svstat -o in 2.11, in the order the man page lists them. */
export const ALL_FIELDS = [
  "up", "wantedup", "normallyup", "ready", "paused", "pid", "exitcode", "signal", "signum",
  "updownsince", "readysince", "updownfor", "readyfor",
] as const;
