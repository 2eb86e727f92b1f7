import { cpSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, type TestContext } from "vitest";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { type Kind, removeScandir, svwait, tmpScandir } from "../svscan/harness.js";
import { type LaunchOptions, type Launched, UNSHARE, launch } from "./launch.js";
import { freePort } from "./ports.js";
import { requireTools } from "./require.js";

const toolsOk = requireTools("container examples", [UNSHARE]);
const EXAMPLES = fileURLToPath(new URL("../../scandir-examples/container/", import.meta.url));
// As the Dockerfile's ENV PATH: the ts6 commands first.
const PATH = `${fileURLToPath(new URL("../../node_modules/.bin", import.meta.url))}:${process.env.PATH ?? "/usr/bin:/bin"}`;
// As the Dockerfile's ENTRYPOINT, docker run's arguments coming after.
const ENTRYPOINT_ARGS = ["--exit-on", "app"];

interface Container {
  services: string;
  tree: Launched;
  port: number;
}

/**
 * The example scan directory, copied (a tree writes into it), run as PID 1
 * from / as docker would. $SERVICES is where the copy is: /etc/services in
 * the image.
 */
async function container(ctx: TestContext, example: string, o: Partial<LaunchOptions> = {}, kind: Kind = "ts6"): Promise<Container> {
  const services = tmpScandir("example");
  ctx.onTestFinished(() => removeScandir(services));
  cpSync(join(EXAMPLES, example), services, { recursive: true });
  const port = await freePort();
  const tree = await launch({ kind, scandir: services, pid1: true, cwd: "/", ...o, env: { PATH, PORT: String(port), SERVICES: services, ...o.env } });
  ctx.onTestFinished(() => tree.kill());
  return { services, tree, port };
}

describe.skipIf(!toolsOk).concurrent("scandir-examples/container, run as its Dockerfile runs it", () => {
  it("comes up (web ready, its logger, app), serves, and docker stop brings it down with exit code 0", async (ctx) => {
    const c = await container(ctx, "services", { args: ENTRYPOINT_ARGS });
    await svwait("-U", join(c.services, "web"), 10_000);
    for (const name of ["web/log", "app"]) await svwait("-u", join(c.services, name), 10_000);
    expect(await (await fetch(`http://127.0.0.1:${c.port}/`)).text()).toBe("hello from ts6\n");
    await c.tree.outputHas("web: GET /");
    await c.tree.outputHas('app: web says "hello from ts6"');
    c.tree.signal("SIGTERM");
    expect(await c.tree.exit(10_000)).toBe(0);
    // web's last words went through its logger before the end.
    expect(c.tree.output()).toContain("web: stopping\n");
    expect(c.tree.output()).toContain("ts6-svscan: every service is down, exit code 0\n");
  });

  it("--exit-on app: when app gives up, the container exits with app's code, 1", async (ctx) => {
    const c = await container(ctx, "services", { args: ENTRYPOINT_ARGS, env: { APP_INTERVAL_MS: "100" } });
    await svwait("-U", join(c.services, "web"), 10_000);
    await c.tree.outputHas('app: web says "hello from ts6"');
    expect((await run(s6("s6-svc"), ["-wD", "-d", join(c.services, "web")])).code).toBe(0);
    expect(await c.tree.exit(10_000)).toBe(1);
    expect(c.tree.output()).toContain("app: web did not answer (3)");
    expect(c.tree.output()).toContain("ts6-svscan: every service is down, exit code 1\n");
  });

  it("--exit-on app: app killed by SIGKILL, the container exits 137", async (ctx) => {
    const c = await container(ctx, "services", { args: ENTRYPOINT_ARGS });
    await svwait("-u", join(c.services, "app"), 10_000);
    expect((await run(s6("s6-svc"), ["-k", join(c.services, "app")])).code).toBe(0);
    expect(await c.tree.exit(10_000)).toBe(137);
  });

  it("docker run IMAGE -- CMD: CMD runs beside the services and its code is the container's", async (ctx) => {
    const main = ["sh", "-c", 'ts6-svwait -U "$SERVICES/web" && ts6-svstat "$SERVICES/app" && exit 5'];
    const c = await container(ctx, "services", { args: ENTRYPOINT_ARGS, main, ready: false });
    expect(await c.tree.exit(10_000)).toBe(5);
  });

  it.for(["s6", "ts6"] as const)("the s6 way: job's finish decides the exit code, under %s-svscan", async (kind, ctx) => {
    const c = await container(ctx, "s6-way", { env: { JOB_SECONDS: "0.2", JOB_EXIT: "3" } }, kind);
    expect(await c.tree.exit(10_000)).toBe(3);
    expect(c.tree.output()).toContain("job: done, exit 3\njob's exit code: 3\n");
  });
});
