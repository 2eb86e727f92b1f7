import { spawn } from "node:child_process";

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** ms; a program still running then is killed and the run rejects. */
  timeout?: number;
}

/**
 * Runs a program to completion and collects what it printed. A client that
 * hangs is a bug to report, not to wait out: past the deadline it is
 * killed and the promise rejects with what it had printed.
 */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  const timeout = opts.timeout ?? 10_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} ${args.join(" ")}: still running after ${timeout} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeout);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
