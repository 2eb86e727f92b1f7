import { closeSync, constants, openSync, readFileSync, writeSync } from "node:fs";
import { waitProcState } from "../../helpers/proc.js";
import { FINISH_RECORDER, SLEEPER, script } from "../../helpers/service-dir.js";
import { waitFile } from "../../helpers/files.js";
import { waitStatus } from "../../helpers/status-file.js";
import type { Play, Scenario } from "./harness.js";
import { LATE } from "./lifecycle.js";
import { join } from "node:path";

/**
 * A run script that logs, in ../sigs, each signal s6-svc can send but TERM
 * and KILL. Scripts with traps say they are ready once the traps are set:
 * a signal sent on "u" alone could come before them.
 */
export const LOGGED_SIGNALS = ["ALRM", "ABRT", "QUIT", "HUP", "INT", "USR1", "USR2", "WINCH"];
export const SIGNAL_LOGGER = script(
  `${LOGGED_SIGNALS.map((s) => `trap 'echo ${s} >> ../sigs' ${s}`).join("\n")}\necho >&3\nsleep 100000 &\nwhile :; do wait; done`,
);

/**
 * Waits for run to have logged `n` signals and notes them; sorted when they
 * were sent together, since a process takes pending signals by number.
 */
export async function sigsLogged(p: Play, n: number, sorted = false): Promise<void> {
  const text = await waitFile(join(p.s.root, "sigs"), (t) => t.split("\n").length > n);
  p.note(`signals logged by run`, sorted ? text.split("\n").sort().join("\n") : text);
}

export const COMMANDS: Scenario[] = [
  {
    name: "bytes on supervise/control that are not commands are ignored",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      // Written as a client would, in one write; s6 2.11 knows nothing of 2.13's P, C and K.
      const fd = openSync(join(p.dir, "supervise", "control"), constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(fd, Buffer.from("zZ\0\n !?-wsvu"));
      } finally {
        closeSync(fd);
      }
      await p.events(/^su$/);
      await p.s.events.expectNone(/./, 300, 2);
      await p.svstat();
    },
  },
  {
    name: "o: up once, not restarted; the down file keeps it normally down",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.svstat("normally down, never started");
      await p.svc("-o");
      await p.events(/^su$/);
      await p.svstat("up once");
      await p.svc("-k");
      await p.events(/^sudD$/);
      await p.s.events.expectNone(/u/, 1300);
      await p.svstat("down after o");
    },
  },
  {
    name: "O: want down while up, never started while down",
    files: { run: SLEEPER },
    async play(p) {
      await p.events(/^su$/);
      await p.svc("-O");
      await waitStatus(p.dir, (s) => !s.wantUp);
      await p.svstat("up, want down");
      await p.svc("-k");
      await p.events(/^sudD$/);
      await p.svc("-O");
      await p.s.events.expectNone(/u/, 1300);
      await p.svstat("down after O");
    },
  },
  {
    name: "D stops and creates ./down, U deletes it and starts at once",
    files: { run: SLEEPER, finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^su$/);
      await p.svc("-D");
      await p.events(/^sudD$/);
      await p.svstat("after D");
      p.note("down file after D", p.status() && readFileSync(join(p.dir, "down"), "utf8"));
      await p.svc("-U");
      await p.events(/^sudDu$/);
      p.timing("U to run's start", p.status().stampMs - p.sent("-U"), 0, LATE);
      await p.svstat("after U");
    },
  },
  {
    name: "down file at start: not started; u starts at once and leaves the file",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.s.events.expectNone(/u/, 300);
      await p.svstat("normally down");
      await p.svc("-u");
      await p.events(/^su$/);
      p.timing("u to run's start", p.status().stampMs - p.sent("-u"), 0, LATE);
      await p.svstat("up, normally down");
      await p.svc("-d");
      await p.events(/^sudD$/);
      await p.svstat("down, normally down");
    },
  },
  {
    name: "r sends down-signal and the service is restarted; d sends it too",
    files: {
      run: script("trap 'echo got HUP >> ../sigs; exit 0' HUP\necho >&3\nsleep 100000 &\nwait"),
      "down-signal": "SIGHUP\n",
      "notification-fd": "3\n",
      finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-r");
      await p.events(/^suUdDuU$/, 3000);
      await p.svstat("restarted by r");
      await p.svc("-d");
      await p.events(/^suUdDuUdD$/);
      await p.svstat("down");
      p.note("sigs", readFileSync(join(p.s.root, "sigs"), "utf8"));
    },
  },
  {
    name: "p stops run and c continues it; d on a paused run continues it",
    files: { run: SLEEPER, finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^su$/);
      const pid = p.statusPid();
      await p.svc("-p");
      await waitStatus(p.dir, (s) => s.paused);
      p.note("run after p", await waitProcState(pid, (st) => st === "T"));
      await p.svstat("paused");
      await p.svc("-c");
      await waitStatus(p.dir, (s) => !s.paused);
      p.note("run after c stopped", (await waitProcState(pid, (st) => st !== "T")) === "T");
      await p.svstat("continued");
      await p.svc("-p");
      await waitStatus(p.dir, (s) => s.paused);
      await p.svc("-d");
      await p.events(/^sudD$/);
      await p.svstat("down after p then d");
    },
  },
  {
    name: "the signal commands reach run, and only run",
    files: { run: SIGNAL_LOGGER, finish: FINISH_RECORDER, "notification-fd": "3\n" },
    async play(p) {
      await p.events(/^suU$/);
      const flags = ["-a", "-b", "-q", "-h", "-i", "-1", "-2", "-y"];
      for (const [n, flag] of flags.entries()) {
        await p.svc(flag);
        await sigsLogged(p, n + 1);
      }
      await p.svstat("still up");
      await p.svc("-O");
      await waitStatus(p.dir, (s) => !s.wantUp);
      await p.svc("-t");
      await p.events(/^suUdD$/);
      await p.svstat("killed by t");
    },
  },
  {
    name: "signal commands on a down service do nothing",
    files: { run: SLEEPER, down: "", finish: FINISH_RECORDER },
    async play(p) {
      await p.svc("-abqhkti12pcyr");
      await p.s.events.expectNone(/./, 300, 1);
      await p.svstat("still down");
    },
  },
  {
    name: "timeout-kill: SIGKILL when run ignores the down-signal",
    files: {
      run: script("trap '' TERM\necho >&3\nexec sleep 100000"), "notification-fd": "3\n", "timeout-kill": "300\n", finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-d");
      await p.events(/^suUdD$/, 3000);
      await p.svstat("killed");
      p.timing("d to SIGKILL, timeout-kill 300", p.status().stampMs - p.sent("-d"), 300, 300 + LATE);
    },
  },
  {
    name: "x while up: run left alone, the supervisor exits after it and finish",
    files: { run: SLEEPER, finish: script('echo "$@" >> ../finish-args\necho finish says hi') },
    async play(p) {
      await p.events(/^su$/);
      await p.svc("-x");
      await p.s.events.expectNone(/./, 300, 2);
      await p.svstat("up, supervisor on its way out");
      await p.svc("-k");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "x while down: the supervisor exits at once",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.svc("-x");
      await p.events(/^sx$/);
      await p.exit();
      await p.svstat("no supervisor");
      await p.svc("-u");
    },
  },
  {
    name: "x while finishing: exits once finish is done",
    files: { run: script("exit 5"), finish: script('echo "$@" >> ../finish-args\nexec sleep 100000'), "timeout-finish": "0\n" },
    async play(p) {
      await p.events(/^sud$/);
      await p.svc("-x");
      await p.s.events.expectNone(/./, 300, 3);
      await p.svstat("finishing, supervisor on its way out");
      process.kill(p.statusPid(), "SIGKILL");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
];
