import { chmodSync, lstatSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { SETPRIV } from "../pid1/launch.js";
import { asNobody, giveToNobody } from "../pid1/nobody.js";
import { requireTools } from "../pid1/require.js";
import { removeScandir, tmpScandir, writeService } from "../svscan/harness.js";
import { setup } from "./tree.js";

const toolsOk = requireTools("ts6-svscan --copy-from", [SETPRIV]);
const TS6_SVC = join(import.meta.dirname, "../../packages/cli/bin/ts6-svc.js");

/** ts6's own s6-svc, run as nobody. */
function ts6SvcAsNobody(args: readonly string[]): ReturnType<typeof run> {
  return run(SETPRIV, ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, TS6_SVC, ...args], { timeout: 15_000 });
}

describe.skipIf(!toolsOk).concurrent("ts6-svscan --copy-from", () => {
  it("as nobody, from a tree nobody cannot write: services run in the copy, s6-svc and ts6-svc drive them", async (ctx) => {
    // The image's tree: root's, read-only to everyone else, one directory read-only even to its owner.
    const image = tmpScandir("image");
    ctx.onTestFinished(() => removeScandir(image));
    chmodSync(image, 0o755);
    const app = writeService(image, "app", { run: SLEEPER, finish: '#!/bin/sh\necho "$1 $2" > "$RESULTS/finish-app"\n' });
    const ready = writeService(image, "ready", { run: "#!/bin/sh\necho >&3\nexec sleep 100000\n", "notification-fd": "3\n" });
    symlinkSync("/etc/hostname", join(app, "config"));
    chmodSync(ready, 0o755);
    chmodSync(app, 0o555);

    // The writable volume (an emptyDir, a tmpfs): nobody's, the scan directory not made yet.
    const s = setup(ctx, "volume");
    giveToNobody(s.scandir);
    const scandir = join(s.scandir, "services");
    const tree = await s.start({ nobody: true, args: ["--copy-from", image], scandir, cwd: s.scandir });

    expect((await asNobody("s6-svwait", ["-U", "-t", "10000", join(scandir, "ready")])).code).toBe(0);
    expect((await asNobody("s6-svwait", ["-u", "-t", "10000", join(scandir, "app")])).code).toBe(0);
    expect(readlinkSync(join(scandir, "app", "config"))).toBe("/etc/hostname");
    expect(lstatSync(join(scandir, "app", "run")).mode & 0o777).toBe(0o755);
    // Its owner may write it: the supervisor made supervise/ there.
    expect(lstatSync(join(scandir, "app")).mode & 0o777).toBe(0o755);

    expect((await asNobody("s6-svc", ["-wD", "-d", join(scandir, "app")])).code).toBe(0);
    expect(await waitFile(join(s.results, "finish-app"), (t) => t !== "")).toBe("256 15\n");
    expect((await ts6SvcAsNobody(["-wu", "-u", join(scandir, "app")])).code).toBe(0);
    expect((await asNobody("s6-svscanctl", ["-t", scandir])).code).toBe(0);
    expect(await tree.exit(10_000)).toBe(0);
    // The image's tree is as it was.
    expect(lstatSync(join(image, "app", "supervise"), { throwIfNoEntry: false })).toBeUndefined();
  });

  it("a second start on the same volume copies again over the first copy", async (ctx) => {
    const image = tmpScandir("image");
    ctx.onTestFinished(() => removeScandir(image));
    writeService(image, "app", { run: SLEEPER });
    const s = setup(ctx, "volume");
    const first = await s.start({ args: ["--copy-from", image] });
    expect((await run(s6("s6-svscanctl"), ["-t", s.scandir])).code).toBe(0);
    expect(await first.exit(10_000)).toBe(0);
    writeService(image, "more", { run: SLEEPER });
    const second = await s.start({ args: ["--copy-from", image] });
    expect((await run(s6("s6-svok"), [join(s.scandir, "more")])).code).toBe(0);
    expect((await run(s6("s6-svok"), [join(s.scandir, "app")])).code).toBe(0);
    expect((await run(s6("s6-svscanctl"), ["-t", s.scandir])).code).toBe(0);
    expect(await second.exit(10_000)).toBe(0);
  });

  it("a source that is not there: exit 111 with a message naming it", async (ctx) => {
    const s = setup(ctx, "volume");
    const tree = await s.start({ args: ["--copy-from", "/nonexistent/services"], ready: false });
    expect(await tree.exit(10_000)).toBe(111);
    expect(tree.output()).toContain("--copy-from /nonexistent/services: unable to read /nonexistent/services: No such file or directory");
  });
});
