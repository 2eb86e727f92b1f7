import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { waitFile } from "../helpers/files.js";
import { removeScandir, tmpScandir } from "../svscan/harness.js";
import { SETPRIV, launch } from "./launch.js";
import { asNobody, giveToNobody, notNobodys } from "./nobody.js";
import { freePort } from "./ports.js";
import { requireTools } from "./require.js";

const toolsOk = requireTools("user example", [SETPRIV, "/usr/bin/python3"]);
const EXAMPLE = fileURLToPath(new URL("../../scandir-examples/user/services", import.meta.url));
// As the unit's Environment=PATH, with this checkout's ts6 commands for ~/.local/bin.
const PATH = `${fileURLToPath(new URL("../../node_modules/.bin", import.meta.url))}:/usr/local/bin:/usr/bin:/bin`;

describe.skipIf(!toolsOk)("scandir-examples/user, run as its systemd unit runs it, by nobody", () => {
  it("serves, logs, ticks, and comes down on s6-svscanctl -t; everything created is nobody's", async (ctx) => {
    const home = tmpScandir("home");
    ctx.onTestFinished(() => removeScandir(home));
    const services = join(home, "services");
    cpSync(EXAMPLE, services, { recursive: true });
    writeFileSync(join(home, "hello.txt"), "hello, nobody\n");
    giveToNobody(home);
    const port = await freePort();
    const tree = await launch({
      scandir: services, nobody: true, args: ["--subreaper"], cwd: home,
      env: { PATH, HOME: home, PORT: String(port), HTTP_ROOT: home, TICK_SECONDS: "1" },
    });
    ctx.onTestFinished(() => tree.kill());

    const dirs = ["http", "http/log", "tick"].map((n) => join(services, n));
    expect((await asNobody("s6-svwait", ["-u", "-t", "10000", ...dirs])).code).toBe(0);
    const log = join(services, "http", "log", "current");
    await waitFile(log, (t) => t.includes(`Serving HTTP on 127.0.0.1 port ${port}`), 10_000);
    expect(await (await fetch(`http://127.0.0.1:${port}/hello.txt`)).text()).toBe("hello, nobody\n");
    await waitFile(log, (t) => t.includes('"GET /hello.txt HTTP/1.1" 200'));
    await waitFile(join(services, "tick", "last-run"), (t) => /^\d{4}-\d\d-\d\dT/.test(t));

    expect((await asNobody("s6-svscanctl", ["-t", services])).code).toBe(0);
    expect(await tree.exit(10_000)).toBe(0);
    expect(notNobodys(home)).toEqual([]);
  });
});
