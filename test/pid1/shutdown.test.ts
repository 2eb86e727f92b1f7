import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { type Kind, removeScandir, tmpScandir } from "../svscan/harness.js";
import { UNSHARE } from "./launch.js";
import { requireTools } from "./require.js";
import { FINISH_CODE, LOGGED, type Stopped, startScenario, stopScenario, writeScenario } from "./shutdown-scenario.js";

const toolsOk = requireTools("PID 1 shutdown", [UNSHARE]);

async function scenario(ctx: TestContext, kind: Kind, n: number): Promise<Stopped & { names: string[] }> {
  const scandir = tmpScandir(`stop-${kind}`);
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  const names = writeScenario(scandir, results, n);
  const tree = await startScenario(kind, scandir, results, names);
  ctx.onTestFinished(() => tree.kill());
  const stopped = await stopScenario(tree, results);
  console.log(`${kind}-svscan as PID 1, ${n} services: down ${stopped.ms.toFixed(0)} ms after SIGTERM, exit ${stopped.code}`);
  return { ...stopped, names };
}

describe.skipIf(!toolsOk)("SIGTERM to PID 1 (docker stop)", () => {
  it("brings 50 services that take 2 s to stop down in under 4 s: every finish ran, the logger got the last line", async (ctx) => {
    const { code, ms, results, names } = await scenario(ctx, "ts6", 50);
    expect(code).toBe(FINISH_CODE);
    expect(ms).toBeLessThan(4000);
    for (const name of names) expect(results[`finish-${name}`], name).toBe(`0 0 ${name}\n`);
    expect(results["log"]).toBe(`first line from ${LOGGED}\nlast line from ${LOGGED}\n`);
    // s6-svscan execs its finish with no arguments.
    expect(results["svscan-finish"]).toBe("\n");
  }, 60_000);

  it("ends as s6-svscan's does, with the same files and exit code", async (ctx) => {
    const s6run = await scenario(ctx, "s6", 10);
    const ts6run = await scenario(ctx, "ts6", 10);
    expect(ts6run.code).toBe(s6run.code);
    expect(ts6run.results).toEqual(s6run.results);
    expect(Object.keys(ts6run.results)).toHaveLength(10 + 2);
  }, 60_000);
});
