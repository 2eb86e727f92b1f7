import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { svstat } from "../helpers/svstat.js";
import { type Tree, removeScandir, startTree, svwait, tmpScandir } from "../svscan/harness.js";

const demo = fileURLToPath(new URL("../../scandir-examples/demo", import.meta.url));
const withS6 = haveS6("scandir-examples/demo");
let tree: Tree | undefined;
let scandir = "";
afterEach(async () => {
  await tree?.stop().catch(() => undefined);
  removeScandir(scandir);
});

describe.skipIf(!withS6)("scandir-examples/demo (npm start)", () => {
  it("runs as the README says", async () => {
    scandir = tmpScandir("demo");
    cpSync(demo, scandir, { recursive: true });
    tree = await startTree("ts6", scandir);
    const dir = (n: string): string => join(scandir, n);
    await svwait("-u", dir("hello"));
    await svwait("-u", dir("logged"));
    await svwait("-u", dir("logged/log"));
    await svwait("-U", dir("ready"));
    expect((await svstat(dir("ready"))).out).toMatch(/^up \(pid PID\) N seconds, ready N seconds\n$/);
    expect((await svstat(dir("later"))).out).toBe("down (exitcode 0) N seconds, ready N seconds\n");
    expect((await run(s6("s6-svc"), ["-u", dir("later")])).code).toBe(0);
    await svwait("-u", dir("later"));
    // The logger stamps what the logged service writes, on the scanner's stdout.
    await tree.waitForOutput(/logged\/log: \d\d:\d\d:\d\d line 1/);
    expect(await tree.stop()).toBe(0);
    expect(tree.output()).toMatch(/later: finished \(exit 256, signal 15\)/);
  });
});
