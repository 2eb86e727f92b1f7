import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFile, waitPath } from "../../helpers/files.js";
import { FINISH_RECORDER, SLEEPER, script } from "../../helpers/service-dir.js";
import { waitStatus } from "../../helpers/status-file.js";
import { SIGNAL_LOGGER, sigsLogged } from "./commands.js";
import type { Play, Scenario } from "./harness.js";
import { LATE, SLACK } from "./lifecycle.js";
import { alive } from "../../helpers/alive.js";
import { waitProcState } from "../../helpers/proc.js";

const DEAF_READY = { run: script("trap '' TERM\necho >&3\nexec sleep 100000"), "notification-fd": "3\n" };

/** A finish that says (in ../finish-started) once its INT trap is set, then waits forever. */
// On INT it lingers a second: s6-supervise reports a finish that it reaps
// before it exits, so an instant exit would make the events a race.
const TRAPPING_FINISH = script("trap 'echo finish got INT >> ../sigs; sleep 1; exit 0' INT\ntouch ../finish-started\nsleep 100000 &\nwait");

async function finishStarted(p: Play): Promise<number> {
  await p.events(/d$/);
  await waitPath(join(p.s.root, "finish-started"));
  return p.statusPid();
}

export const MORE: Scenario[] = [
  {
    name: "down-signal: names in any case, with or without SIG, numbers; garbage means SIGTERM",
    files: { run: SIGNAL_LOGGER, "notification-fd": "3\n", finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^suU$/);
      const values = ["hup", "SIGUSR1", "12", "Sigwinch", "ALRM\nTERM", "int\n", "3"];
      for (const [n, v] of values.entries()) {
        writeFileSync(join(p.dir, "down-signal"), v);
        await p.svc("-r");
        await sigsLogged(p, n + 1);
      }
      writeFileSync(join(p.dir, "down-signal"), " HUP");
      await p.svc("-O");
      await p.svc("-r");
      await p.events(/^suUdD$/);
      await p.svstat();
    },
    warnings: [/invalid[^\n]*down-signal/],
  },
  {
    name: "down-signal used by SIGTERM to the supervisor",
    files: { run: script("trap 'echo got USR2 >> ../sigs; exit 0' USR2\necho >&3\nsleep 100000 &\nwait"), "notification-fd": "3\n", "down-signal": "USR2\n", finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^suU$/);
      p.s.sup.signal("SIGTERM");
      await p.events(/^suUdDx$/);
      await p.exit();
    },
  },
  {
    // timeout-kill long enough that the second TERM surely comes before the first one's expires.
    name: "TERM twice to the supervisor, run deaf to it: timeout-kill re-armed, SIGKILL",
    files: { ...DEAF_READY, "timeout-kill": "1000\n", finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^suU$/);
      p.s.sup.signal("SIGTERM");
      await waitStatus(p.dir, (s) => !s.wantUp);
      const second = Date.now();
      p.s.sup.signal("SIGTERM");
      await p.events(/^suUdDx$/, 3000);
      await p.exit();
      p.timing("second TERM to SIGKILL, timeout-kill 1000", p.status().stampMs - second, 1000 - SLACK, 1000 + LATE);
    },
  },
  {
    name: "x, then TERM: down-signal, then the supervisor exits",
    files: { run: SLEEPER, finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^su$/);
      await p.svc("-x");
      await p.s.events.expectNone(/./, 200, 2);
      p.s.sup.signal("SIGTERM");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "HUP while finishing: x once finish is done",
    files: { run: script("exit 2"), finish: TRAPPING_FINISH, "timeout-finish": "0\n" },
    async play(p) {
      const pid = await finishStarted(p);
      p.s.sup.signal("SIGHUP");
      await p.s.events.expectNone(/./, 300, 3);
      await p.svstat("finishing after HUP");
      process.kill(pid, "SIGKILL");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "QUIT while finishing: x at once, finish left running",
    files: { run: script("exit 2"), finish: TRAPPING_FINISH, "timeout-finish": "0\n" },
    async play(p) {
      const pid = await finishStarted(p);
      p.s.sup.signal("SIGQUIT");
      await p.events(/^sudx$/);
      await p.exit();
      p.note("finish alive after QUIT", alive(pid));
    },
  },
  {
    name: "INT while finishing: SIGINT to finish's group, x at once",
    files: { run: script("exit 2"), finish: TRAPPING_FINISH, "timeout-finish": "0\n" },
    async play(p) {
      await finishStarted(p);
      p.s.sup.signal("SIGINT");
      await p.events(/^sudx$/);
      await p.exit();
      p.note("sigs", await waitFile(join(p.s.root, "sigs"), (t) => t.length > 0));
    },
  },
  {
    name: "u, d, o, O while finishing decide what happens after finish",
    files: { run: script("exit 2"), finish: TRAPPING_FINISH, "timeout-finish": "0\n", down: "" },
    async play(p) {
      await p.svc("-o");
      let pid = await finishStarted(p);
      for (const [c, wantUp] of [["-u", true], ["-d", false], ["-O", false], ["-u", true]] as const) {
        await p.svc(c);
        await waitStatus(p.dir, (st) => st.wantUp === wantUp);
        await p.svstat(`finishing, after ${c}`);
      }
      rmSync(join(p.s.root, "finish-started"));
      process.kill(pid, "SIGKILL");
      // Restarted, run dies at once again, and finish starts again.
      await p.events(/^sudDud$/, 3000);
      pid = await finishStarted(p);
      await p.svc("-d");
      await waitStatus(p.dir, (s) => !s.wantUp);
      process.kill(pid, "SIGKILL");
      await p.events(/^sudDudD$/);
      await p.s.events.expectNone(/u/, 1300);
      await p.svstat("down after d while finishing");
    },
  },
  {
    name: "r on a paused run: the down-signal waits for c",
    files: { run: SLEEPER, finish: FINISH_RECORDER, down: "" },
    async play(p) {
      await p.svc("-o");
      await p.events(/^su$/);
      await p.svc("-p");
      const { pid } = await waitStatus(p.dir, (s) => s.paused);
      // Stopped for real first: a SIGTERM that arrives before the SIGSTOP has
      // stopped run kills it at once, under either supervisor (seen under s6
      // on a busy machine).
      await waitProcState(pid, (st) => st === "T");
      await p.svc("-r");
      await p.s.events.expectNone(/./, 300, 2);
      await p.svstat("paused, SIGTERM pending");
      await p.svc("-c");
      await p.events(/^sudD$/);
      await p.svstat("down");
    },
  },
  {
    name: "readiness from a child after run died is not readiness",
    files: {
      run: script("(sleep 0.2; echo >&3; echo late >> ../late) &\nexit 0"),
      "notification-fd": "3\n",
      finish: script("sleep 0.6"),
      down: "",
    },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
      await p.svstat();
    },
  },
  {
    name: "readiness from a child of run counts",
    files: { run: script("(echo >&3) &\nexec sleep 100000 3>&-"), "notification-fd": "3\n" },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat();
    },
  },
  {
    name: "a directory argument with a trailing slash is run's NAME as given",
    files: { run: script('echo "run $*"\nexit 0'), finish: FINISH_RECORDER, down: "" },
    options: { name: "svc/" },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
    },
  },
  {
    name: "a signal that no trap catches: QUIT, then the restart",
    files: { run: script("echo >&3\nexec sleep 100000"), "notification-fd": "3\n", finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-q");
      await p.events(/^suUdDuU$/, 3000);
      await p.svstat();
    },
  },
];

/** Services built with s6's own helpers, which read what the supervisor writes. */
export const WITH_S6_TOOLS: Scenario[] = [
  {
    name: "s6-permafailon in finish reads death_tally: permanent failure on the second exit 3",
    files: { run: script("exit 3"), finish: script("exec s6-permafailon 60 2 3 true") },
    async play(p) {
      await p.events(/^sudDudOD$/, 4000);
      await p.svstat();
      await p.client("s6-svdt", "DIR");
      await p.client("s6-svdt", "-n", "1", "DIR");
      await p.client("s6-svdt-clear", "DIR");
      await p.client("s6-svdt", "DIR");
    },
  },
  {
    name: "s6-notifyoncheck makes the service ready once data/check passes",
    files: {
      run: script("exec s6-notifyoncheck -w 50 -n 100 sleep 100000"),
      "notification-fd": "3\n",
      "data/check": { text: script("[ -e ../go ]"), mode: 0o755 },
    },
    async play(p) {
      await p.events(/^su$/);
      await p.svstat("up, check failing");
      writeFileSync(join(p.s.root, "go"), "");
      await p.events(/^suU$/);
      await p.svstat("ready");
    },
  },
];
