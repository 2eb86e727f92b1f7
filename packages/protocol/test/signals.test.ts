import * as os from "node:os";
import { readStatusFile, signalName, signalNumber, tainNow, writeStatusFile } from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, makeService, run, supervise, tmpDir, waitEvents } from "./helpers/s6.js";

afterEach(cleanup);

// As s6-svstat prints them on Linux x86_64 (checked below against the real one).
const LINUX: Record<number, string> = {
  1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
  9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
  16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU",
  23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGPOLL",
  30: "SIGPWR", 31: "SIGSYS",
};

describe("signal names", () => {
  it("names every standard signal, and agrees with Node's numbering", () => {
    for (const [n, name] of Object.entries(LINUX)) {
      expect(signalName(Number(n))).toBe(name);
      expect(signalNumber(name)).toBe(Number(n));
      const nodeNumber = (os.constants.signals as Record<string, number | undefined>)[name];
      // Node calls 29 SIGIO; skalibs lists POLL first.
      if (name !== "SIGPOLL") expect(nodeNumber).toBe(Number(n));
    }
  });

  it("prints SIG??? for numbers without a name", () => {
    for (const n of [0, 32, 34, 35, 64, 65, 255]) expect(signalName(n)).toBe("SIG???");
  });

  it("scans like sig0_scan", () => {
    for (const s of ["TERM", "term", "sigterm", "SIGTERM", "SiGtErM", "15", "SIG15", "sig015"]) expect(signalNumber(s)).toBe(15);
    expect(signalNumber("IOT")).toBe(6);
    expect(signalNumber("CLD")).toBe(17);
    expect(signalNumber("IO")).toBe(29);
    expect(signalNumber("POLL")).toBe(29);
    expect(signalNumber("0")).toBe(0);
    expect(signalNumber("99")).toBe(99);
    for (const s of ["", "SIG", "sigsigterm", " TERM", "TERM ", "RTMIN", "SIGRTMIN+1", "UNUSED", "EMT", "-9", "ınt", "4294967296"]) {
      expect(signalNumber(s), JSON.stringify(s)).toBeUndefined();
    }
  });
});

describe.runIf(HAVE_S6)("signal names against the real s6-svstat", () => {
  it("matches s6-svstat for every signal number", async () => {
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n", down: true });
    await supervise(dir);
    const base = readStatusFile(dir);
    for (let n = 1; n <= 65; n++) {
      writeStatusFile(dir, { ...base, wstat: n });
      const r = await run("s6-svstat", ["-o", "signal,signum", dir]);
      expect(r.stdout, `signal ${n}`).toBe(`${signalName(n)} ${n}\n`);
    }
  });

  it("a service really killed by SIGUSR1 or SIGRTMIN+1", async () => {
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n", down: true });
    await supervise(dir);
    // glibc's SIGRTMIN is 34 (the first two belong to its threads library).
    for (const sig of [10, 35]) {
      await waitEvents(dir, /u/, () => void run("s6-svc", ["-u", dir]));
      const { pid } = readStatusFile(dir);
      await waitEvents(dir, /d/, () => process.kill(pid, sig));
      const status = readStatusFile(dir);
      expect(status.wstat).toBe(sig);
      const r = await run("s6-svstat", [dir]);
      expect(r.stdout).toMatch(new RegExp(`^down \\(signal ${signalName(sig).replace(/\?/g, "\\?")}\\) `));
      expect(tainNow().sec - status.stamp.sec).toBeLessThan(2n);
    }
  });
});
