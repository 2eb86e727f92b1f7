import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { UNSHARE } from "../pid1/launch.js";
import { requireTools } from "../pid1/require.js";
import { svwait, writeControlScripts, writeService } from "../svscan/harness.js";
import { setup } from "./tree.js";

const toolsOk = requireTools("ts6-svscan --shutdown-timeout", [UNSHARE]);

/** Ignores SIGTERM and has no timeout-kill: only SIGKILL ends it. Ready once the trap is set. */
const STUBBORN = "#!/bin/sh\ntrap '' TERM\necho >&3\nwhile :; do sleep 1; done\n";
const FINISH = '#!/bin/sh\necho "$1 $2" > "$RESULTS/finish-$3"\n';

describe.skipIf(!toolsOk).concurrent("ts6-svscan --shutdown-timeout as PID 1", () => {
  it("SIGTERM: the stubborn service is SIGKILLed at 1.5 s, its finish runs, .s6-svscan/finish's code is the tree's", async (ctx) => {
    const s = setup(ctx, "budget");
    writeService(s.scandir, "stubborn", { run: STUBBORN, "notification-fd": "3\n", finish: FINISH });
    writeService(s.scandir, "polite", { run: "#!/bin/sh\nexec sleep 100000\n", finish: FINISH });
    writeControlScripts(s.scandir, { finish: '#!/bin/sh\necho "${TS6_EXIT_CODE-unset}" > "$RESULTS/svscan-finish"\nexit 42\n' });
    const tree = await s.start({ pid1: true, args: ["--shutdown-timeout", "1500"] });
    await svwait("-U", join(s.scandir, "stubborn"));
    await svwait("-u", join(s.scandir, "polite"));

    const sent = performance.now();
    tree.signal("SIGTERM");
    expect(await tree.exit(10_000)).toBe(42);
    const ms = performance.now() - sent;
    console.log(`--shutdown-timeout 1500: down ${ms.toFixed(0)} ms after SIGTERM`);
    expect(ms).toBeGreaterThanOrEqual(1500);
    expect(ms).toBeLessThan(3000);
    const result = (name: string): string => readFileSync(join(s.results, name), "utf8");
    // Killed by SIGKILL (9), then finish ran; the polite one went down on SIGTERM (15) at once.
    expect(result("finish-stubborn")).toBe("256 9\n");
    expect(result("finish-polite")).toBe("256 15\n");
    expect(result("svscan-finish")).toBe("unset\n");
    expect(tree.output()).toContain("stubborn still running 1500 ms into the shutdown (--shutdown-timeout): sending SIGKILL to its process group");
  });

  it("a slow logger still writes what its SIGKILLed service wrote last", async (ctx) => {
    const s = setup(ctx, "budget-log");
    // On SIGTERM: three last lines, then it carries on regardless.
    const run = "#!/bin/sh\ntrap 'echo last-1; echo last-2; echo last-3' TERM\necho >&3\nsleep 100000 &\nwhile :; do wait; done\n";
    // 0.3 s per line: about 0.9 s to write out the last three, well past the 500 ms budget.
    const logger = '#!/bin/sh\nwhile read -r line; do sleep 0.3; echo "$line"; done > "$RESULTS/log"\n';
    writeService(s.scandir, "chatty", { run, "notification-fd": "3\n", "log/run": logger });
    const tree = await s.start({ pid1: true, args: ["--shutdown-timeout", "500"] });
    await svwait("-U", join(s.scandir, "chatty"));
    await svwait("-u", join(s.scandir, "chatty", "log"));
    tree.signal("SIGTERM");
    expect(await tree.exit(10_000)).toBe(0);
    expect(readFileSync(join(s.results, "log"), "utf8")).toBe("last-1\nlast-2\nlast-3\n");
  });

  it("the main program's process group gets SIGKILL too, and the tree still exits with its status", async (ctx) => {
    const s = setup(ctx, "budget-main");
    writeService(s.scandir, "polite", { run: "#!/bin/sh\nexec sleep 100000\n", finish: FINISH });
    const main = ["sh", "-c", 'trap "" TERM; echo > "$RESULTS/main-up"; while :; do sleep 1; done'];
    const tree = await s.start({ pid1: true, args: ["--shutdown-timeout", "1000"], main });
    await svwait("-u", join(s.scandir, "polite"));
    const sent = performance.now();
    tree.signal("SIGTERM");
    // sh killed by SIGKILL: 128 + 9.
    expect(await tree.exit(10_000)).toBe(137);
    expect(performance.now() - sent).toBeLessThan(2500);
    expect(readFileSync(join(s.results, "finish-polite"), "utf8")).toBe("256 15\n");
  });
});
