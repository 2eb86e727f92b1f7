import { closeSync, constants, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { waitFile } from "../helpers/files.js";
import { procState, waitProcState } from "../helpers/proc.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { Sandbox, type Supervised } from "../helpers/sandbox.js";
import { SLEEPER, script } from "../helpers/service-dir.js";
import { readStatus, waitStatus } from "../helpers/status-file.js";

/*
 * Where ts6-supervise differs from s6-supervise 2.11 on purpose
 * (docs/servicedir.md, "Where ts6 differs"): each difference shown under
 * both, so that it stays exactly what the documentation says.
 */

function control(s: Supervised, bytes: string): void {
  const fd = openSync(join(s.dir, "supervise", "control"), constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** What run printed on stdout, once it has printed `lines` lines. */
function runOutput(s: Supervised, lines: number): Promise<string> {
  const file = join(s.root, "out");
  return waitFile(file, (t) => t.split("\n").length > lines);
}

function withServiceLock(dir: string): void {
  mkdirSync(join(dir, "supervise"), { mode: 0o700 });
  writeFileSync(join(dir, "supervise", "service-lock"), "");
}

if (haveS6("where ts6-supervise differs from s6-supervise")) {
  describe.concurrent("where ts6-supervise differs from s6-supervise 2.11, on purpose", () => {
    test("P, C and K stop, continue and kill run's whole process group; s6 2.11 ignores them", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const files = { run: script("sleep 100000 &\necho $! > ../child\necho >&3\nwait"), "notification-fd": "3\n" };
      const [real, ours] = await Promise.all([box.supervise("s6", files), box.supervise("ts6", files)]);
      await Promise.all([real!.events.waitFor(/^suU$/), ours!.events.waitFor(/^suU$/)]);
      const child = (s: Supervised): number => Number(readFileSync(join(s.root, "child"), "utf8"));

      control(ours!, "P");
      await waitStatus(ours!.dir, (st) => st.paused);
      expect(await waitProcState(readStatus(ours!.dir)!.pid, (st) => st === "T")).toBe("T");
      expect(await waitProcState(child(ours!), (st) => st === "T")).toBe("T");
      control(ours!, "C");
      await waitStatus(ours!.dir, (st) => !st.paused);
      expect(await waitProcState(child(ours!), (st) => st !== "T")).not.toBe("T");
      control(ours!, "OK");
      await ours!.events.waitFor(/^suUdD$/);
      expect(await waitProcState(child(ours!), (st) => st === "gone" || st === "Z")).toMatch(/gone|Z/);

      control(real!, "PCKd");
      await real!.events.waitFor(/^suUdD$/);
      expect(procState(child(real!)), "s6 2.11 did not touch run's child").not.toMatch(/gone|Z|T/);
    });

    test("fds the supervisor inherited do not reach the service; s6 passes them on", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const files = { run: script("[ -e /proc/$$/fd/7 ] && echo fd 7 open >> ../out\necho done >> ../out\nexec sleep 100000") };
      const opts = { prelude: "exec 7</dev/null" };
      const [real, ours] = await Promise.all([box.supervise("s6", files, opts), box.supervise("ts6", files, opts)]);
      expect(await runOutput(real!, 2)).toBe("fd 7 open\ndone\n");
      expect(await runOutput(ours!, 1)).toBe("done\n");
    });

    test("signals the supervisor's parent ignored are at their default in the service; s6 leaves them ignored", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const files = { run: script("grep SigIgn /proc/$$/status >> ../out\nexec sleep 100000") };
      const opts = { prelude: "trap '' USR1" };
      const [real, ours] = await Promise.all([box.supervise("s6", files, opts), box.supervise("ts6", files, opts)]);
      expect(await runOutput(real!, 1)).toMatch(/SigIgn:\s+0*200\n/);
      expect(await runOutput(ours!, 1)).toMatch(/SigIgn:\s+0+\n/);
    });

    test("lock-fd: the running service holds supervise/service-lock; under s6 2.11 nobody does", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const files = { run: SLEEPER, "lock-fd": "5\n" };
      const opts = { prepare: withServiceLock };
      const [real, ours] = await Promise.all([box.supervise("s6", files, opts), box.supervise("ts6", files, opts)]);
      await Promise.all([real!.events.waitFor(/^su$/), ours!.events.waitFor(/^su$/)]);
      const probe = (s: Supervised): Promise<number | null> =>
        run(s6("s6-setlock"), ["-n", join(s.dir, "supervise", "service-lock"), "true"]).then((r) => r.code);
      expect(await probe(real!)).toBe(0);
      expect(await probe(ours!)).not.toBe(0);
    });

    test("lock-fd held elsewhere: ts6 warns, stays responsive and tries again in 60 s; s6 2.11 blocks until it is free", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const files = { run: SLEEPER, "lock-fd": "5\n" };
      const holder = (dir: string): void => {
        withServiceLock(dir);
        box.background(s6("s6-setlock"), [join(dir, "supervise", "service-lock"), "sleep", "100000"]);
      };
      const [real, ours] = await Promise.all([box.supervise("s6", files, { prepare: holder }), box.supervise("ts6", files, { prepare: holder })]);
      await ours!.events.expectNone(/u/, 300);
      await ours!.svc("-d");
      await waitStatus(ours!.dir, (st) => !st.wantUp);
      expect(ours!.sup.stderr).toMatch(/another instance of the service is already running \(waiting 60 seconds\)/);

      await real!.svc("-d");
      await real!.events.expectNone(/./, 300, 1);
      expect(readStatus(real!.dir)!.wantUp, "s6 2.11, stuck in its start, has not read -d").toBe(true);
      expect(real!.sup.stderr).toMatch(/another instance of the service is already running, child will block/);
    });
  });
}
