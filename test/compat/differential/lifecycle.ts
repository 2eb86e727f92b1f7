import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FINISH_RECORDER, FINISH_RECORDER_LINE, SLEEPER, countStarts, script, stamp } from "../../helpers/service-dir.js";
import type { Scenario } from "./harness.js";

/** s6's restart throttle. */
export const THROTTLE = 1000;
/** How much later than s6's rule a loaded CI box may make something happen. */
export const LATE = 400;
/** Clock granularity between the scripts' `date` and the supervisor's stamps. */
export const SLACK = 5;

export const LIFECYCLE: Scenario[] = [
  {
    // Each scenario stops its own loop (here finish exits 125 on the third
    // death), so that no step of the test has to win a race with a restart.
    name: "crash loop: one start per second, finish told the exit code",
    files: {
      run: script(`${countStarts("run")}\n${stamp("start")}\necho "run $*"\nexit 3`),
      finish: script(`${FINISH_RECORDER_LINE}\n[ "$(cat ../run-count)" -lt 3 ] || exit 125`),
    },
    async play(p) {
      await p.events(/^sudDudDudOD$/, 6000);
      await p.svstat("after three crashes");
      const starts = p.stamps("start");
      for (const n of [1, 2]) p.timing(`start #${n - 1} to start #${n}`, starts[n]! - starts[n - 1]!, THROTTLE - SLACK, THROTTLE + LATE);
    },
  },
  {
    name: "death tally past its max keeps the last max-death-tally deaths",
    files: {
      run: script(`${countStarts("run")}\nexit $n`),
      finish: script('[ "$(cat ../run-count)" -lt 3 ] || exit 125'),
      "max-death-tally": "2\n",
    },
    async play(p) {
      await p.events(/^sudDudDudOD$/, 6000);
      await p.svstat();
    },
  },
  {
    name: "ready for a second, then SIGKILLed: restarted at once",
    files: {
      run: script(`${countStarts("run")}\n${stamp("start")}\necho >&3\n[ $n -gt 1 ] && exec sleep 100000\nsleep 1.2\n${stamp("kill")}\nkill -9 $$`),
      "notification-fd": "3\n",
      finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat("up and ready");
      await p.events(/^suUdDuU$/, 4000);
      await p.svc("-d");
      await p.events(/^suUdDuUdD$/);
      await p.svstat("told down");
      p.timing("SIGKILL after a ready second to the restart", p.stamps("start")[1]! - p.stamps("kill")[0]!, 0, LATE);
    },
  },
  {
    name: "ready then dead within the second: restarted a second after readiness",
    files: {
      run: script(`${countStarts("run")}\n${stamp("start")}\n${stamp("ready")}\necho >&3\n[ $n -gt 1 ] && exec sleep 100000\nsleep 0.6\nexit 1`),
      "notification-fd": "3\n",
    },
    async play(p) {
      await p.events(/^suUdDuU$/, 4000);
      await p.svc("-d");
      await p.events(/^suUdDuUdD$/);
      await p.svstat();
      p.timing("readiness to the restart", p.stamps("start")[1]! - p.stamps("ready")[0]!, THROTTLE - SLACK, THROTTLE + LATE);
    },
  },
  {
    name: "finish gets exit code or 256, the signal and the name",
    files: {
      run: script('b=$(cat ../behaviour)\ncase "$b" in exit*) exit ${b#exit } ;; esac\nexec sleep 100000'),
      finish: FINISH_RECORDER,
      down: "",
    },
    options: { prepare: (dir) => writeBehaviour(dir, "exit 7") },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
      await p.svstat("after exit 7");
      writeBehaviour(p.dir, "sleep");
      await p.svc("-o");
      await p.events(/^sudDu$/);
      await p.svc("-k");
      await p.events(/^sudDudD$/);
      await p.svstat("after SIGKILL");
      await p.svc("-o");
      await p.events(/^sudDudDu$/);
      await p.svc("-t");
      await p.events(/^sudDudDudD$/);
      await p.svstat("after SIGTERM");
    },
  },
  {
    name: "finish exiting 125 is a permanent failure: OD, want down",
    files: { run: script("exit 2"), finish: script('echo "$@" >> ../finish-args\nexit 125') },
    async play(p) {
      await p.events(/^sudOD$/);
      await p.svstat("after 125");
      await p.s.events.expectNone(/u/, 1300);
      await p.svc("-u");
      await p.events(/^sudODudOD$/);
      await p.svstat("after -u and 125 again");
    },
  },
  {
    name: "no finish: a brief finishing phase, d then D",
    files: { run: SLEEPER },
    async play(p) {
      await p.events(/^su$/);
      await p.svstat("up");
      await p.svc("-d");
      await p.events(/^sudD$/);
      await p.svstat("down");
    },
  },
  {
    name: "timeout-finish kills a long finish",
    files: { run: script("exit 0"), finish: script('echo "$@" >> ../finish-args\nexec sleep 100000'), "timeout-finish": "300\n", down: "" },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
      await p.svstat("finish killed");
      const st = p.status();
      p.timing("run's death to finish's SIGKILL, timeout-finish 300", st.readyMs - st.stampMs, 300, 300 + LATE);
    },
  },
];

function writeBehaviour(dir: string, what: string): void {
  writeFileSync(join(dir, "..", "behaviour"), what);
}
