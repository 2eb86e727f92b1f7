import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { type Kind, waitForPath, writeControlScripts, writeService } from "../svscan/harness.js";
import { launch, type Launched } from "./launch.js";

/** The exit code of the scenario's .s6-svscan/finish, which the tree's must be. */
export const FINISH_CODE = 42;
export const LOGGED = "svc-00";

/**
 * A run that, on SIGTERM, prints a last line and takes 2 s to exit, as a
 * server draining its connections would. Ready (fd 3) once the trap is set.
 */
const SLOW_STOPPER = `#!/bin/sh
trap 'kill $child; echo "last line from $1"; sleep 2; exit 0' TERM
sleep 100000 &
child=$!
echo "first line from $1"
echo >&3
wait
`;

export interface Stopped {
  code: number;
  /** From SIGTERM to the scanner's exit. */
  ms: number;
  /** File name -> content, of everything the scripts wrote. */
  results: Record<string, string>;
}

/** n services, the first one logged, each with a finish that leaves a file in `results`. */
export function writeScenario(scandir: string, results: string, n: number): string[] {
  mkdirSync(results);
  const names = Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
  for (const name of names) {
    writeService(scandir, name, {
      run: SLOW_STOPPER,
      "notification-fd": "3\n",
      finish: '#!/bin/sh\necho "$@" > "$RESULTS/finish-$3"\n',
      ...(name === LOGGED ? { "log/run": '#!/bin/sh\nexec cat > "$RESULTS/log"\n' } : {}),
    });
  }
  writeControlScripts(scandir, { finish: `#!/bin/sh\necho "$@" > "$RESULTS/svscan-finish"\nexit ${FINISH_CODE}\n` });
  return names;
}

/** Starts the scanner as PID 1 on the scenario and waits until every service is ready. */
export async function startScenario(kind: Kind, scandir: string, results: string, names: readonly string[]): Promise<Launched> {
  const tree = await launch({ kind, scandir, pid1: true, env: { RESULTS: results } });
  try {
    const dirs = names.map((n) => join(scandir, n));
    // s6-svscan says it is ready before its s6-supervise processes have made supervise/.
    for (const dir of dirs) await waitForPath(join(dir, "supervise", "status"), 10_000);
    const r = await run(s6("s6-svwait"), ["-U", "-t", "20000", ...dirs], { timeout: 25_000 });
    if (r.code !== 0) throw new Error(`s6-svwait -U: exit ${String(r.code)} ${r.stderr}`);
  } catch (err) {
    await tree.kill();
    throw err;
  }
  return tree;
}

/** SIGTERM to PID 1, as docker stop sends it; resolves once the namespace is gone. */
export async function stopScenario(tree: Launched, results: string): Promise<Stopped> {
  const start = performance.now();
  tree.signal("SIGTERM");
  const code = await tree.exit(15_000);
  const ms = performance.now() - start;
  const files: Record<string, string> = {};
  for (const f of readdirSync(results).sort()) files[f] = readFileSync(join(results, f), "utf8");
  return { code, ms, results: files };
}
