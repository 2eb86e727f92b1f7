import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readDeathTally } from "@ts6/protocol";
import { type Tree, startTree } from "ts6";
import { runTs6 } from "./helpers/programs.js";
import { writeService } from "./helpers/state-tree.js";

/*
 * `ts6 status` as a health check, on trees run by ts6-svscan: exit 0 when
 * every service wanted up is up (and ready where it reports readiness), 3
 * otherwise; the NOTE says why a service does not run; RESTARTS counts
 * deaths; names filter; a service directory shows itself.
 */

const golden = (name: string): string => readFileSync(new URL(`golden/${name}`, import.meta.url), "utf8");
const SLEEP = "#!/bin/sh\nexec sleep 100000\n";

interface JsonService {
  name: string;
  state: string;
  note: string;
  restarts: number | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  problem: boolean;
}
interface JsonStatus {
  kind: string;
  services: JsonService[];
  summary: Record<string, unknown>;
}

async function statusJson(args: readonly string[]): Promise<{ code: number | null; out: JsonStatus }> {
  const r = await runTs6("ts6", ["status", "--json", ...args]);
  expect(r.stderr).toBe("");
  return { code: r.code, out: JSON.parse(r.stdout) as JsonStatus };
}

function byName(out: JsonStatus, name: string): JsonService {
  const s = out.services.find((x) => x.name === name);
  if (s === undefined) throw new Error(`${name} not in ${JSON.stringify(out.services.map((x) => x.name))}`);
  return s;
}

/* Pids, durations, CPU and memory change from run to run. */
function normalise(text: string): string {
  return text
    .replace(/\b\d+(d\d\dh|h\d\dm|m\d\ds|s)\b/g, "T")
    .replace(/\b\d+\.\d%/g, "CPU")
    .replace(/\b\d+(\.\d)?[BKMGT]\b/g, "MEM")
    .replace(/^(\s*\S+\s+up\s+)\d+/gm, "$1PID")
    .replace(/ {2,}/g, "  ");
}

interface TreeSetup {
  /** Files written without the executable bit, by service. */
  plain?: Record<string, string[]>;
  /** Runs after the services are written, before the scanner starts. */
  prepare?: (root: string) => void;
  args?: readonly string[];
}

function useTree(services: Record<string, Record<string, string>>, setup: TreeSetup = {}): () => Tree {
  let root = "";
  let tree: Tree | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "ts6-health-"));
    for (const [name, files] of Object.entries(services)) writeService(join(root, name), { files, plain: setup.plain?.[name] });
    setup.prepare?.(root);
    tree = await startTree(root, { args: setup.args });
  }, 30_000);
  afterAll(async () => {
    await tree?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  return () => tree!;
}

describe("every service up and ready", () => {
  const tree = useTree({
    web: { run: SLEEP, "log/run": "#!/bin/sh\nexec cat >/dev/null\n" },
    db: { run: "#!/bin/sh\necho >&3\nexec sleep 100000\n", "notification-fd": "3\n" },
  });
  beforeAll(async () => {
    await tree().service("web").waitFor("up");
    await tree().service("web/log").waitFor("up");
    await tree().service("db").waitFor("ready");
  });

  test("exits 0, with CPU and memory of each service", async () => {
    const r = await runTs6("ts6", ["status", tree().scandir]);
    expect(r.code).toBe(0);
    expect(normalise(r.stdout)).toBe(golden("status-healthy.txt"));
    const { out } = await statusJson([tree().scandir]);
    for (const s of out.services) {
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      // A shell exec'd into sleep holds some hundreds of KiB at least.
      expect(s.memoryBytes).toBeGreaterThan(100 * 1024);
      expect(s.restarts).toBe(0);
    }
    expect(out.summary).toEqual({ services: 3, up: 3, notReady: 0, downWantedUp: 0, down: 0, finishing: 0, unsupervised: 0, ok: true });
  });

  test("names filter, a service's logger comes with it", async () => {
    const { out } = await statusJson([tree().scandir, "web"]);
    expect(out.services.map((s) => s.name)).toEqual(["web", "web/log"]);
    const r = await runTs6("ts6", ["status", tree().scandir, "wbe"]);
    expect(r.code).toBe(111);
    expect(r.stderr).toBe(`ts6 status: fatal: no service wbe in ${tree().scandir}\n`);
  });

  test("a service directory shows that one service", async () => {
    const { code, out } = await statusJson([join(tree().scandir, "db")]);
    expect(code).toBe(0);
    expect(out.kind).toBe("servicedir");
    expect(out.services.map((s) => [s.name, s.state])).toEqual([["db", "up"]]);
  });
});

describe("services that do not run", () => {
  const tree = useTree(
    {
      crash: { run: "#!/bin/sh\nexit 1\n" },
      plain: { run: SLEEP },
      dangling: { run: SLEEP },
      badnotif: { run: SLEEP, "notification-fd": "three\n" },
      // A watching scanner supervises a directory once it has a run file; this
      // one's run then removes itself, so its next start finds none.
      norun: { run: "#!/bin/sh\nrm -f ./run\nexit 1\n" },
    },
    {
      plain: { plain: ["run"] },
      prepare: (root) => {
        rmSync(join(root, "dangling/run"));
        symlinkSync(join(root, "nowhere"), join(root, "dangling/run"));
      },
    },
  );
  beforeAll(async () => {
    await tree().service("badnotif").waitFor("up");
    await tree().service("plain").waitUntil((s) => s.supervised);
    await tree().service("dangling").waitUntil((s) => s.supervised);
    await tree().service("norun").waitUntil((s) => s.supervised && !existsSync(join(tree().scandir, "norun", "run")));
    // Woken by each event of the loop; the supervisor writes the tally before it reports the death.
    const crash = tree().service("crash");
    await crash.waitUntil(() => readDeathTally(crash.dir).length > 0);
  });

  test("the NOTE says why, RESTARTS counts the crash loop, exit 3", async () => {
    const { code, out } = await statusJson([tree().scandir]);
    expect(code).toBe(3);
    expect(byName(out, "plain")).toMatchObject({ state: "down", note: "run is not executable", problem: true });
    expect(byName(out, "dangling")).toMatchObject({ state: "down", note: "run is a dangling link", problem: true });
    // Listed, though it has no run file, because a supervisor runs on it.
    expect(byName(out, "norun")).toMatchObject({ state: "down", note: "no run file", problem: true });
    expect(byName(out, "badnotif").note).toMatch(/^bad notification-fd \(.+\): no readiness$/);
    expect(byName(out, "crash").restarts).toBeGreaterThan(0);
    expect(out.summary["ok"]).toBe(false);
  });

  test("the summary line counts what is wrong", async () => {
    const r = await runTs6("ts6", ["status", tree().scandir]);
    expect(r.code).toBe(3);
    // crash may be caught in the few milliseconds it is up.
    expect(r.stdout).toMatch(/\n5 services: [12] up \(1 not ready\), [34] down and wanted up\n$/);
  });
});

describe("a service whose finish gave up", () => {
  const tree = useTree({ web: { run: SLEEP }, giveup: { run: "#!/bin/sh\nexit 1\n", finish: "#!/bin/sh\nexit 125\n" } });

  test("is down, failed permanently, and makes the tree unhealthy until it is started again", async () => {
    const giveup = tree().service("giveup");
    await giveup.waitUntil((st) => st.supervised && !st.wantUp && !st.up && !st.finishing);
    const { code, out } = await statusJson([tree().scandir]);
    expect(code).toBe(3);
    expect(byName(out, "giveup")).toMatchObject({ state: "down", wantUp: false, note: "failed permanently (finish exited 125)", problem: true });
    expect(byName(out, "web")).toMatchObject({ note: "", problem: false });
    // Told up again (its run now sleeps), the record no longer applies.
    writeFileSync(join(tree().scandir, "giveup", "run"), `${SLEEP}`);
    giveup.send("u");
    await giveup.waitFor("up");
    const after = await statusJson([tree().scandir]);
    expect(after.code).toBe(0);
    expect(byName(after.out, "giveup")).toMatchObject({ state: "up", note: "", problem: false });
  });
});

describe("a service the scanner has not picked up", () => {
  const tree = useTree({ web: { run: SLEEP } }, { args: ["--no-watch"] });

  test("is unsupervised, and the NOTE says where to look", async () => {
    await tree().service("web").waitFor("up");
    // Without the watch, the scanner only sees it at the next scan (s6-svscanctl -a).
    writeService(join(tree().scandir, "late"), { files: { run: SLEEP } });
    const { code, out } = await statusJson([tree().scandir]);
    expect(code).toBe(3);
    expect(byName(out, "late")).toMatchObject({
      state: "unsupervised", note: "no supervisor yet, or it failed to start (the scanner's log says why)", problem: true,
    });
    expect(byName(out, "web").note).toBe("");
  });
});
