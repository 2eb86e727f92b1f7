import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { READY_ON_3, SLEEPER } from "../helpers/service-dir.js";
import type { Launched } from "../pid1/launch.js";
import { requireTools } from "../pid1/require.js";
import { svwait, writeService } from "../svscan/harness.js";
import { parsePrometheusText } from "./prometheus-text.js";
import { setup } from "./tree.js";

const toolsOk = requireTools("ts6-svscan --http", []);
const TS6 = join(import.meta.dirname, "../../packages/cli/bin/ts6.js");

/** The port ts6-svscan says it serves on (asked for port 0: the kernel's pick). */
async function boundPort(tree: Launched): Promise<number> {
  await tree.outputHas("/status on http://");
  const m = /\/status on http:\/\/[^\s"]+:(\d+)/.exec(tree.output());
  if (m === null) throw new Error(`no port in:\n${tree.output()}`);
  return Number(m[1]);
}

async function get(port: number, path: string, method = "GET"): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

/** One ready service (notification-fd), one crashing every second, one normally down. */
function writeTree(scandir: string): void {
  writeService(scandir, "ready", { run: READY_ON_3, "notification-fd": "3\n" });
  writeService(scandir, "crashing", { run: "#!/bin/sh\nexit 3\n" });
  writeService(scandir, "off", { run: SLEEPER, down: "" });
}

describe.skipIf(!toolsOk).concurrent("ts6-svscan --http", () => {
  it("serves /healthz, /readyz, /metrics and /status for the tree, read-only", async (ctx) => {
    const s = setup(ctx, "http");
    writeTree(s.scandir);
    const tree = await s.start({ args: ["--http", "127.0.0.1:0"] });
    const port = await boundPort(tree);
    await svwait("-U", join(s.scandir, "ready"));
    // Two deaths at least, so that the tally counts a restart.
    await run(s6("s6-svwait"), ["-d", "-t", "5000", join(s.scandir, "crashing")]);
    await run(s6("s6-svwait"), ["-u", "-t", "5000", join(s.scandir, "crashing")]);

    expect(await get(port, "/healthz")).toEqual({ status: 200, type: "text/plain; charset=utf-8", body: "ok\n" });

    const readyz = await get(port, "/readyz");
    expect(readyz.status).toBe(503);
    expect((JSON.parse(readyz.body) as Array<{ name: string }>).map((r) => r.name)).toEqual(["crashing"]);

    const metrics = await get(port, "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusText(metrics.body);
    const value = (family: string, service: string): number | undefined =>
      families.get(family)?.samples.find((x) => x.labels["service"] === service)?.value;
    expect(families.get("ts6_service_up")?.type).toBe("gauge");
    expect([value("ts6_service_up", "ready"), value("ts6_service_ready", "ready"), value("ts6_service_wanted_up", "ready")]).toEqual([1, 1, 1]);
    expect([value("ts6_service_ready", "crashing"), value("ts6_service_wanted_up", "crashing"), value("ts6_service_normally_up", "crashing")]).toEqual([0, 1, 1]);
    expect(value("ts6_service_restarts", "crashing")).toBeGreaterThanOrEqual(1);
    expect([value("ts6_service_up", "off"), value("ts6_service_wanted_up", "off"), value("ts6_service_normally_up", "off")]).toEqual([0, 0, 0]);
    expect(value("ts6_service_restarts", "ready")).toBe(0);
    expect(value("ts6_service_state_seconds", "off")).toBeGreaterThanOrEqual(0);
    expect(families.get("ts6_services")?.samples[0]?.value).toBe(3);
    expect(families.get("ts6_orphans_reaped_total")?.type).toBe("counter");

    // The same reports as ts6 status --json, field for field (times and the crashing one's state move).
    const status = await get(port, "/status");
    expect(status.type).toBe("application/json");
    const cli = await run(process.execPath, [TS6, "status", "--json", s.scandir]);
    // CPU and memory are sampled by each reader: their presence is compared, not their values.
    const stable = (text: string): unknown => (JSON.parse(text) as { services: Array<Record<string, unknown>> }).services
      .filter((r) => r["name"] !== "crashing")
      .map((r) => ({ ...r, seconds: 0, readySeconds: 0, cpuPercent: typeof r["cpuPercent"], memoryBytes: typeof r["memoryBytes"] }));
    expect(stable(status.body)).toEqual(stable(cli.stdout));

    expect((await get(port, "/metrics", "POST")).status).toBe(405);
    expect((await get(port, "/status", "DELETE")).status).toBe(405);
    expect((await get(port, "/nothing-here")).status).toBe(404);
    expect((await get(port, "/healthz", "HEAD")).status).toBe(200);

    // Told down, the crashing service no longer holds the tree back.
    expect((await run(s6("s6-svc"), ["-d", join(s.scandir, "crashing")])).code).toBe(0);
    await run(s6("s6-svwait"), ["-D", "-t", "5000", join(s.scandir, "crashing")]);
    expect(await get(port, "/readyz")).toMatchObject({ status: 200, body: "ready\n" });
  });

  it("loads node:http only with --http", async (ctx) => {
    const loads = async (args: string[]): Promise<boolean> => {
      const s = setup(ctx, "http-load");
      writeService(s.scandir, "ready", { run: READY_ON_3, "notification-fd": "3\n" });
      const tree = await s.start({ args, env: { RESULTS: s.results, NODE_DEBUG: "module" } });
      if (args.length > 0) await boundPort(tree);
      await svwait("-U", join(s.scandir, "ready"));
      return /load built-in module (node:)?http\b/.test(tree.output());
    };
    expect(await loads([])).toBe(false);
    expect(await loads(["--http", "127.0.0.1:0"])).toBe(true);
  });

  it("an address it cannot listen on: a clear message, and the tree comes down with 111", async (ctx) => {
    const s = setup(ctx, "http-bad");
    writeService(s.scandir, "svc", { run: SLEEPER });
    const tree = await s.start({ args: ["--http", "192.0.2.1:9"], ready: false });
    expect(await tree.exit(10_000)).toBe(111);
    expect(tree.output()).toContain("unable to listen on 192.0.2.1:9 (--http): Address not available");
  });

  it("a bad --http argument is a usage error (100)", async (ctx) => {
    const s = setup(ctx, "http-usage");
    const tree = await s.start({ args: ["--http", "9000"], ready: false });
    expect(await tree.exit(10_000)).toBe(100);
    expect(tree.output()).toContain("--http needs ADDRESS:PORT");
  });
});
