import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type Tree, startTree } from "ts6";
import { engines } from "./helpers/engines.js";
import { type ServiceFiles, makeScandir } from "./helpers/scandir.js";

/*
 * The JS API as a test suite uses it: start a tree, drive services, await
 * states, stop the tree, and leave no process behind.
 */

const SLEEP = "#!/bin/sh\nexec sleep 100000\n";

describe.each(engines())("the ts6 API on $name", ({ svscan }) => {
  let tree: Tree | undefined;
  let scandir = "";

  async function start(services: Record<string, ServiceFiles>, fifos: string[] = []): Promise<Tree> {
    scandir = makeScandir(services);
    for (const f of fifos) execFileSync("mkfifo", [join(scandir, f)]);
    tree = await startTree(scandir, { svscan });
    return tree;
  }

  afterEach(async () => {
    await tree?.stop();
    tree = undefined;
    rmSync(scandir, { recursive: true, force: true });
  });

  test("starts a tree and brings a service up", async () => {
    const t = await start({ web: { run: SLEEP } });
    const s = await t.service("web").waitFor("up");
    expect(s.up).toBe(true);
    expect(s.pid).toBeGreaterThan(0);
    expect(s.normallyUp).toBe(true);
    expect(s.wantUp).toBe(true);
    expect(isRunning(s.pid!)).toBe(true);
  });

  test("waits for what the tree writes, and says so when it never comes", async () => {
    const t = await start({ talker: { run: "#!/bin/sh\necho talker says hello\nexec sleep 100000\n" } });
    expect(await t.waitForOutput(/talker says \w+/)).toContain("talker says hello");
    await expect(t.waitForOutput("never written", { timeout: 100 })).rejects.toThrow(/no output matching never written within 100 ms/);
  });

  test("waits for readiness from notification-fd", async () => {
    // The run script is up at once but notifies readiness only when the test opens its gate.
    const t = await start({
      api: { run: "#!/bin/sh\nread line < ./gate\necho >&3\nexec sleep 100000\n", "notification-fd": "3\n" },
    }, ["api/gate"]);
    const api = t.service("api");
    const up = await api.waitFor("up");
    expect(up.ready).toBe(false);
    const [ready] = await Promise.all([api.waitFor("ready"), writeFile(join(scandir, "api/gate"), "go\n")]);
    expect(ready.ready).toBe(true);
    expect(ready.readySince).toBeInstanceOf(Date);
  });

  test("up() starts a normally-down service, down() stops it after ./finish", async () => {
    const t = await start({
      job: { run: SLEEP, down: "", finish: "#!/bin/sh\necho \"$1 $2\" > ./finished\n" },
    });
    const job = t.service("job");
    const before = await job.waitFor("finished");
    expect(before.up).toBe(false);
    expect(before.normallyUp).toBe(false);
    const up = await job.up();
    expect(up.up).toBe(true);
    const down = await job.down();
    expect(down.up).toBe(false);
    expect(down.finishing).toBe(false);
    expect(down.signal).toBe("SIGTERM");
    expect(down.wantUp).toBe(false);
    expect(readFileSync(join(scandir, "job/finished"), "utf8")).toBe("256 15\n");
  });

  test("restarts a service after it crashes", async () => {
    const t = await start({ crashy: { run: SLEEP } });
    const crashy = t.service("crashy");
    const first = await crashy.waitFor("up");
    process.kill(first.pid!, "SIGKILL");
    const dead = await crashy.waitFor("down");
    expect(dead.signal).toBe("SIGKILL");
    const again = await crashy.waitFor("up");
    expect(again.pid).not.toBe(first.pid);
  });

  test("restart() kills with the down-signal and waits for the next start", async () => {
    const t = await start({ svc: { run: SLEEP } });
    const svc = t.service("svc");
    const first = await svc.waitFor("up");
    const second = await svc.restart();
    expect(second.up).toBe(true);
    expect(second.pid).not.toBe(first.pid);
  });

  test("a finish exiting 125 is a permanent failure: waiting for readiness rejects", async () => {
    const t = await start({
      doomed: { run: "#!/bin/sh\nexit 1\n", finish: "#!/bin/sh\nexit 125\n", "notification-fd": "3\n", down: "" },
    });
    const doomed = t.service("doomed");
    await doomed.waitFor("finished");
    await expect(doomed.sendAndWait("u", "ready", { timeout: 5000 })).rejects.toThrow(/doomed: failed permanently/);
    const s = await doomed.waitFor("finished");
    expect(s.wantUp).toBe(false);
    expect(s.up).toBe(false);
    expect(s.exitCode).toBe(1);
  });

  test("a wait that cannot succeed times out with the current state", async () => {
    const t = await start({ idle: { run: SLEEP, down: "" } });
    await expect(t.service("idle").waitFor("up", { timeout: 100 })).rejects.toThrow(/timed out after 100 ms waiting for up \(now: down/);
  });

  test("stop() ends the scanner, every supervisor and every service", async () => {
    const t = await start({
      a: { run: SLEEP },
      b: { run: SLEEP, "log/run": "#!/bin/sh\nexec cat >/dev/null\n" },
      c: { run: "#!/bin/sh\nsleep 100000 &\nexec sleep 100000\n" },
    });
    await Promise.all(["a", "b", "b/log", "c"].map((n) => t.service(n).waitFor("up")));
    const pids = t.processes();
    expect(pids.length).toBeGreaterThanOrEqual(6);
    expect(await t.stop()).toBe(0);
    tree = undefined;
    const alive = pids.filter(isRunning);
    expect(alive).toEqual([]);
  });

  test("a second tree on the same directory is refused with the scanner's message", async () => {
    const t = await start({ x: { run: SLEEP } });
    await expect(startTree(t.scandir, { svscan })).rejects.toThrow(/exited with code 100 before it was ready.*\n.*another instance/s);
  });

  test("sends commands the scanner understands, and refuses others", async () => {
    const t = await start({ x: { run: SLEEP } });
    expect(() => t.control("a")).not.toThrow();
    expect(() => t.control("w")).toThrow(/zabhitqnN/);
    expect(() => t.service("x").send("Z")).toThrow(/abqhkti12pcyroduDUxOQ/);
    expect(() => t.service("../x")).toThrow(/service name/);
  });
});

/* A zombie is dead already: it only waits for its parent to collect it. */
function isRunning(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, "latin1").includes(") Z ");
  } catch {
    return false;
  }
}
