import { join } from "node:path";
import { waitFile } from "../../helpers/files.js";
import { FINISH_RECORDER, SLEEPER, script } from "../../helpers/service-dir.js";
import type { Play, Scenario } from "./harness.js";
import { LATE } from "./lifecycle.js";
import { alive } from "../../helpers/alive.js";

const CHATTY_FINISH = script('echo "$@" >> ../finish-args\necho "finish says hi"');

/** Notes whether the process is still there, by its role rather than its pid. */
function noteAlive(p: Play, what: string, pid: number): void {
  p.note(`${what} alive`, alive(pid));
}

export const SUPERVISOR_SIGNALS: Scenario[] = [
  {
    name: "TERM while up: down-signal, finish, then x and exit 0",
    files: { run: script('echo "run $*"\nexec sleep 100000'), finish: CHATTY_FINISH },
    async play(p) {
      await p.events(/^su$/);
      p.s.sup.signal("SIGTERM");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "TERM while up arms timeout-kill for a run that ignores it",
    files: {
      run: script("trap '' TERM\necho >&3\nexec sleep 100000"), "notification-fd": "3\n", "timeout-kill": "200\n", finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suU$/);
      const sent = Date.now();
      p.s.sup.signal("SIGTERM");
      await p.events(/^suUdDx$/, 3000);
      await p.exit();
      p.timing("TERM to SIGKILL, timeout-kill 200", p.status().stampMs - sent, 200, 200 + LATE);
    },
  },
  {
    name: "TERM while down: x and exit 0 at once",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      p.s.sup.signal("SIGTERM");
      await p.events(/^sx$/);
      await p.exit();
    },
  },
  {
    name: "TERM while finishing: x once finish is done",
    files: { run: script("exit 6"), finish: script('echo "$@" >> ../finish-args\nexec sleep 100000'), "timeout-finish": "0\n" },
    async play(p) {
      await p.events(/^sud$/);
      p.s.sup.signal("SIGTERM");
      await p.s.events.expectNone(/./, 300, 3);
      await p.svstat("finishing after TERM");
      process.kill(p.statusPid(), "SIGKILL");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "HUP while up: stdout let go, run left alone, x after run and finish",
    files: { run: SLEEPER, finish: CHATTY_FINISH },
    async play(p) {
      await p.events(/^su$/);
      const pid = p.statusPid();
      p.s.sup.signal("SIGHUP");
      await p.s.events.expectNone(/./, 300, 2);
      noteAlive(p, "run after HUP", pid);
      await p.svstat("up after HUP");
      await p.svc("-k");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
  {
    name: "QUIT while up: x and exit 0 at once, run still running",
    files: { run: SLEEPER, finish: FINISH_RECORDER },
    async play(p) {
      await p.events(/^su$/);
      const pid = p.statusPid();
      p.s.sup.signal("SIGQUIT");
      await p.events(/^sux$/);
      await p.exit();
      noteAlive(p, "run after QUIT", pid);
      await p.svstat("after QUIT");
    },
  },
  {
    name: "INT while up: SIGINT to run's process group, x and exit 0",
    files: {
      // The child runs in the foreground: sh starts background jobs with INT
      // ignored. It says it is ready once both traps are set. Both outlive
      // the INT by a second: s6-supervise reports a death that it reaps
      // before it exits, so an instant exit would make the events a race.
      run: script(
        "trap 'echo run got INT >> ../sigs; sleep 1; exit 0' INT\nsh -c \"trap 'echo child got INT >> ../sigs; sleep 1; exit 0' INT; echo >&3; sleep 100000 & wait\"",
      ),
      "notification-fd": "3\n",
      finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suU$/);
      p.s.sup.signal("SIGINT");
      await p.events(/^suUx$/);
      await p.exit();
      const sigs = await waitFile(join(p.s.root, "sigs"), (t) => t.split("\n").length > 2);
      p.note("sigs", sigs.split("\n").sort().join("\n"));
    },
  },
  {
    name: "a second supervisor on the same dir exits 100",
    files: { run: SLEEPER },
    async play(p) {
      await p.events(/^su$/);
      const second = await p.second();
      p.note("second supervisor", second.exit);
      p.note("second's message mentions another instance", /another instance of s6-supervise is already running/.test(second.stderr));
      await p.svstat("first still in charge");
    },
  },
];
