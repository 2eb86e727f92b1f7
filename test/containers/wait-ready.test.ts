import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { requireTools } from "../pid1/require.js";
import { writeService } from "../svscan/harness.js";
import { setup } from "./tree.js";

const toolsOk = requireTools("ts6-svscan --wait-ready", []);

/** Ready (fd 3) `delay` seconds after it starts. */
const readyAfter = (delay: string): string => `#!/bin/sh\nsleep ${delay}\necho >&3\nexec sleep 100000\n`;

/** What s6-svstat says of up and ready for each service, one line each. */
const SVSTAT_ALL = `for d in "$@"; do ${s6("s6-svstat")} -o up,ready "$d"; done`;

describe.skipIf(!toolsOk).concurrent("ts6-svscan --wait-ready", () => {
  it("-- CMD starts after the slowest service's readiness line, not before", async (ctx) => {
    const s = setup(ctx, "wait");
    const dirs = [
      writeService(s.scandir, "quick", { run: readyAfter("0.1"), "notification-fd": "3\n" }),
      writeService(s.scandir, "slow", { run: readyAfter("1"), "notification-fd": "3\n" }),
      writeService(s.scandir, "plain", { run: SLEEPER }),
    ];
    // CMD records, the moment it starts, what s6-svstat says of each service.
    const main = ["sh", "-c", `(${SVSTAT_ALL}) > "$RESULTS/main-saw"; exec sleep 100000`, "sh", ...dirs];
    const tree = await s.start({ args: ["--wait-ready"], main, ready: false });
    const seen = await waitFile(join(s.results, "main-saw"), (t) => t.split("\n").length > 3, 10_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${tree.output()}`);
    });
    expect(seen).toBe("true true\ntrue true\ntrue false\n");
  });

  it("a service never ready: exit 111 after MS naming it, and CMD never starts", async (ctx) => {
    const s = setup(ctx, "wait-fail");
    writeService(s.scandir, "never", { run: SLEEPER, "notification-fd": "3\n" });
    writeService(s.scandir, "fine", { run: SLEEPER });
    const started = performance.now();
    const tree = await s.start({ args: ["--wait-ready=800"], main: ["sh", "-c", 'echo > "$RESULTS/main-ran"'], ready: false });
    expect(await tree.exit(10_000)).toBe(111);
    expect(performance.now() - started).toBeGreaterThanOrEqual(800);
    expect(tree.output()).toContain("services not ready after 800 ms (--wait-ready): never (up, not ready)");
    expect(existsSync(join(s.results, "main-ran"))).toBe(false);
  });

  it("without --, -d's readiness line waits for the services", async (ctx) => {
    const s = setup(ctx, "wait-d");
    const slow = writeService(s.scandir, "slow", { run: readyAfter("0.5"), "notification-fd": "3\n" });
    // start() resolves on -d 3's line.
    await s.start({ args: ["--wait-ready"] });
    expect((await run(s6("s6-svstat"), ["-o", "up,ready", slow])).stdout).toBe("true true\n");
  });
});
