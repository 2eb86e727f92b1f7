import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A compiled ts6 bin of this package (build first: npx tsc -b). */
export function ts6Bin(name: string): string {
  return fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to completion and collects what it printed. A program still
 * running after `timeout` ms is killed and the run fails: a client that
 * hangs is a bug to report, not to wait out.
 */
export function run(file: string, args: readonly string[], opts: { cwd?: string; timeout?: number } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} ${args.join(" ")}: still running after ${opts.timeout ?? 10_000} ms; stderr: ${stderr}`));
    }, opts.timeout ?? 10_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs ts6-NAME (or `ts6` with a subcommand) with this Node. */
export function runTs6(name: string, args: readonly string[], opts: { cwd?: string; timeout?: number } = {}): Promise<Ran> {
  return run(process.execPath, [ts6Bin(name), ...args], opts);
}
