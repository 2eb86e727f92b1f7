import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FINISH_RECORDER, SLEEPER, type ServiceFiles, countStarts, script, writeServiceDir } from "../../helpers/service-dir.js";
import { waitStatus } from "../../helpers/status-file.js";
import { waitFile } from "../../helpers/files.js";
import type { Play, Scenario } from "./harness.js";
import { LATE, SLACK } from "./lifecycle.js";

/** A service whose run cannot be executed: no event, a warning, a retry in 10 s; u retries at once. */
function unrunnable(what: string, files: ServiceFiles): Scenario {
  return {
    name: `run ${what}: a warning and no event, the supervisor carries on`,
    files: { ...files, finish: FINISH_RECORDER },
    async play(p: Play) {
      await p.s.events.expectNone(/./, 400, 1);
      await p.svstat("never started");
      await p.svc("-u");
      await p.s.events.expectNone(/./, 300, 1);
      await p.svc("-d");
      await waitStatus(p.dir, (s) => !s.wantUp);
      await p.svstat("told down");
      await p.svc("-x");
      await p.events(/^sx$/);
      await p.exit();
    },
    warnings: [/unable to spawn \.\/run - waiting 10 seconds/],
  };
}

/** supervise/ made before the supervisor, with a service-lock a previous run wrote to. */
function withServiceLock(dir: string): void {
  mkdirSync(join(dir, "supervise"), { mode: 0o700 });
  writeFileSync(join(dir, "supervise", "service-lock"), "stale pid\n", { mode: 0o644 });
}

export const FAULTS: Scenario[] = [
  unrunnable("missing", {}),
  unrunnable("not executable", { run: { text: SLEEPER, mode: 0o644 } }),
  unrunnable("a directory", { run: { directory: true } }),
  unrunnable("a dangling symlink", { run: { symlink: "no-such-file" } }),
  unrunnable("with a missing interpreter", { run: "#!/no/such/interpreter\n" }),
  {
    name: "run appears after a failed start: tried again 10 s later",
    files: { finish: FINISH_RECORDER },
    async play(p) {
      await p.s.events.expectNone(/./, 300, 1);
      writeServiceDir(p.dir, { run: SLEEPER });
      await p.events(/^su$/, 12_000);
      const st = p.status();
      p.timing("supervisor start to the second try", st.stampMs - st.readyMs, 10_000 - SLACK, 10_000 + LATE);
      await p.svstat();
    },
  },
  {
    name: "garbage in the number files: warnings, defaults",
    files: {
      run: script(`${countStarts("run")}\n[ $n -gt 1 ] && exec sleep 100000\necho "run $*"\nexit 1`),
      finish: FINISH_RECORDER,
      "notification-fd": "x3\n",
      "lock-fd": "2147483648\n",
      "max-death-tally": "abc",
      "timeout-finish": "-1\n",
    },
    async play(p) {
      await p.events(/^sudDu$/, 3000);
      await p.svc("-d");
      await p.events(/^sudDudD$/);
      await p.svstat();
    },
    warnings: [
      /invalid[^\n]*notification-fd/, /invalid[^\n]*lock-fd/, /invalid[^\n]*max-death-tally/, /invalid[^\n]*timeout-finish/,
    ],
  },
  {
    name: "garbage down-signal and timeout-kill: SIGTERM, never SIGKILL",
    files: { run: SLEEPER, finish: FINISH_RECORDER, "down-signal": "NOPE\n", "timeout-kill": "99999999999999\n" },
    async play(p) {
      await p.events(/^su$/);
      await p.svc("-d");
      await p.events(/^sudD$/);
      await p.svstat();
    },
    warnings: [/invalid[^\n]*down-signal/, /invalid[^\n]*timeout-kill/],
  },
  {
    name: "numbers past their limits: max-death-tally capped, timeout-finish beyond INT_MAX unlimited",
    files: {
      run: script("exit 9"),
      finish: script('sleep 0.4\necho "$@" >> ../finish-args'),
      "max-death-tally": "99999\n",
      "timeout-finish": "4294967295\n",
      "notification-fd": "4294967296\n",
      down: "",
    },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
      await p.svstat();
    },
    warnings: [/invalid[^\n]*notification-fd/],
  },
  {
    name: "notification-fd beyond the fd limit: run cannot be started",
    files: { run: SLEEPER, "notification-fd": "100000\n" },
    async play(p) {
      await p.s.events.expectNone(/./, 400, 1);
      await p.svstat("not started");
    },
    warnings: [/unable to spawn \.\/run - waiting 10 seconds/],
  },
  {
    name: "notification-fd 1: run's stdout is the notification pipe",
    files: { run: script("echo ready on stdout\nexec sleep 100000"), "notification-fd": "1\n" },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat("ready");
    },
  },
  {
    name: "notification-fd 2: run's stderr is the notification pipe",
    files: { run: script("echo ready on stderr >&2\nexec sleep 100000"), "notification-fd": "2\n" },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat("ready");
    },
  },
  {
    name: "lock-fd 1: run's stdout is supervise/service-lock, emptied at the next start",
    files: {
      run: script(`${countStarts("run")}\necho "start $n"\n[ $n -gt 1 ] && exec sleep 100000\nexit 0`),
      "lock-fd": "1\n",
    },
    options: { prepare: withServiceLock },
    async play(p) {
      await p.events(/^sudDu$/, 3000);
      await waitFile(join(p.dir, "supervise", "service-lock"), (t) => t === "start 2\n");
      await p.svstat();
    },
    warnings: [/a previous instance of the service wrote to the lock file/],
  },
  {
    name: "notification-fd 0: run's stdin is the notification pipe",
    files: { run: script("echo >&0\nexec sleep 100000"), "notification-fd": "0\n" },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat("ready");
    },
  },
  {
    name: "readiness: EOF without a newline never makes the service ready",
    files: { run: script("printf x >&3\nexec 3>&-\nexec sleep 100000"), "notification-fd": "3\n" },
    async play(p) {
      await p.events(/^su$/);
      await p.s.events.expectNone(/U/, 400);
      await p.svstat("up, not ready");
    },
  },
  {
    name: "readiness: the newline may come in a later write",
    files: {
      run: script("printf ab >&3\nwhile [ ! -e ../go ]; do sleep 0.05; done\nprintf 'c\\nmore\\n' >&3\nexec sleep 100000"),
      "notification-fd": "3\n",
    },
    async play(p) {
      await p.events(/^su$/);
      await p.svstat("up, not yet ready");
      writeFileSync(join(p.s.root, "go"), "");
      await p.events(/^suU$/);
      await p.svstat("ready");
    },
  },
  {
    name: "readiness: ready then exit at once is seen ready first",
    files: {
      run: script(`${countStarts("run")}\necho >&3\n[ $n -gt 1 ] && exec sleep 100000\nexit 0`),
      "notification-fd": "3\n",
      finish: FINISH_RECORDER,
    },
    async play(p) {
      await p.events(/^suUdDuU$/, 3000);
      await p.svc("-d");
      await p.events(/^suUdDuUdD$/);
      await p.svstat();
    },
  },
  {
    name: "lock-fd: run gets supervise/service-lock, emptied, on its fd",
    files: {
      run: script("readlink /proc/$$/fd/5 | sed 's,.*/,,'\necho >&3\nexec sleep 100000"),
      "lock-fd": "5\n",
      "notification-fd": "3\n",
    },
    options: { prepare: withServiceLock },
    async play(p) {
      await p.events(/^suU$/);
      await p.svstat("up");
    },
    warnings: [/a previous instance of the service wrote to the lock file/],
  },
  {
    name: "lock-fd without supervise/service-lock: not started, warning",
    files: { run: SLEEPER, "lock-fd": "4\n" },
    async play(p) {
      await p.s.events.expectNone(/./, 400, 1);
      await p.svstat("not started");
    },
    warnings: [/unable to open \S*supervise\/service-lock for writing/],
  },
  {
    name: "notification-fd equal to lock-fd: never started",
    files: { run: SLEEPER, "lock-fd": "3\n", "notification-fd": "3\n" },
    options: { prepare: withServiceLock },
    async play(p) {
      await p.s.events.expectNone(/./, 400, 1);
      await p.svstat("not started");
      await p.svc("-u");
      await p.s.events.expectNone(/./, 300, 1);
      await p.svstat("still not started");
    },
    warnings: [/notification-fd and lock-fd are the same/],
  },
];
