import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { waitFile } from "../helpers/files.js";
import { READY_ON_3, SLEEPER } from "../helpers/service-dir.js";
import { removeScandir, tmpScandir, writeService } from "../svscan/harness.js";
import { type Launched, SETPRIV, launch } from "./launch.js";
import { asNobody, giveToNobody, notNobodys } from "./nobody.js";
import { followProcess } from "./proc-sample.js";
import { requireTools } from "./require.js";

const toolsOk = requireTools("ts6-svscan as nobody", [SETPRIV]);

interface Setup {
  scandir: string;
  results: string;
  start(args?: readonly string[]): Promise<Launched>;
}

/** A scan directory that nobody owns, with a results directory inside it. */
function setup(ctx: TestContext, services: (scandir: string) => void): Setup {
  const scandir = tmpScandir("nobody");
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  mkdirSync(results);
  services(scandir);
  giveToNobody(scandir);
  return {
    scandir, results,
    start: async (args = []) => {
      const tree = await launch({ scandir, nobody: true, args, env: { RESULTS: results } });
      ctx.onTestFinished(() => tree.kill());
      return tree;
    },
  };
}

describe.skipIf(!toolsOk).concurrent("ts6-svscan as nobody, on a scan directory nobody owns", () => {
  it("supervises, obeys s6-svc and s6-svstat run as nobody, and creates nothing that is not nobody's", async (ctx) => {
    const s = setup(ctx, (dir) => {
      writeService(dir, "plain", { run: SLEEPER, finish: '#!/bin/sh\necho "$@" > "$RESULTS/finish-$3"\n' });
      writeService(dir, "ready", { run: READY_ON_3, "notification-fd": "3\n" });
      writeService(dir, "logged", { run: "#!/bin/sh\necho hello\nexec sleep 100000\n", "log/run": '#!/bin/sh\nexec cat > "$RESULTS/logged.log"\n' });
    });
    const tree = await s.start();
    const [plain, ready, logged] = ["plain", "ready", "logged"].map((n) => join(s.scandir, n)) as [string, string, string];
    expect((await asNobody("s6-svwait", ["-U", "-t", "10000", ready])).code).toBe(0);
    expect((await asNobody("s6-svwait", ["-u", "-t", "10000", plain, logged, join(logged, "log")])).code).toBe(0);
    await waitFile(join(s.results, "logged.log"), (t) => t === "hello\n");

    expect((await asNobody("s6-svc", ["-wD", "-d", plain])).code).toBe(0);
    expect((await asNobody("s6-svstat", [plain])).stdout).toMatch(/^down \(signal SIGTERM\) \d+ seconds, normally up, ready \d+ seconds\n$/);
    expect(readFileSync(join(s.results, "finish-plain"), "utf8")).toBe("256 15 plain\n");
    expect((await asNobody("s6-svc", ["-wu", "-u", plain])).code).toBe(0);
    expect((await asNobody("s6-svstat", [plain])).stdout).toMatch(/^up \(pid \d+\) \d+ seconds\n$/);
    expect((await asNobody("s6-svstat", ["-o", "up,ready", ready])).stdout).toBe("true true\n");

    expect((await asNobody("s6-svscanctl", ["-t", s.scandir])).code).toBe(0);
    expect(await tree.exit(10_000)).toBe(0);
    expect(notNobodys(s.scandir)).toEqual([]);
  });

  it("with --subreaper, a service's double-forked child is ts6-svscan's to reap, not init's", async (ctx) => {
    const s = setup(ctx, (dir) => {
      // The pid is published once the subshell is gone, so that the orphan already has its new parent.
      writeService(dir, "forker", { run: '#!/bin/sh\ncd "$RESULTS"\n( sleep 0.5 & echo $! > orphan.new )\nmv orphan.new orphan\nexec sleep 100000\n' });
    });
    const tree = await s.start(["--subreaper"]);
    const orphan = Number(await waitFile(join(s.results, "orphan"), (t) => t.endsWith("\n")));
    const life = await followProcess(orphan, 5000);
    console.log(`orphan ${orphan}: parents ${[...life.parents].join(",")}, a zombie for ${life.zombieMs.toFixed(1)} ms`);
    expect([...life.parents]).toEqual([tree.pid()]);
    expect(life.zombieMs).toBeLessThan(100);
    expect((await asNobody("s6-svscanctl", ["-t", s.scandir])).code).toBe(0);
    expect(await tree.exit(10_000)).toBe(0);
  });
});
