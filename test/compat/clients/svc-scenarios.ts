import { existsSync } from "node:fs";
import { join } from "node:path";
import { FINISH_RECORDER, READY_ON_3, SLEEPER, script } from "../../helpers/service-dir.js";
import { waitStatus } from "../../helpers/status-file.js";
import { SIGNAL_LOGGER, sigsLogged } from "../differential/commands.js";
import type { Play, Scenario } from "../differential/harness.js";
import { alive } from "../../helpers/alive.js";

const SIGNAL_NAMES: Record<string, string> = { a: "ALRM", b: "ABRT", q: "QUIT", h: "HUP", i: "INT", "1": "USR1", "2": "USR2", y: "WINCH" };

/** An up and ready service whose run logs every signal it can catch; restarted, it stays up. */
const LOGGER_FILES = { run: SIGNAL_LOGGER, "notification-fd": "3\n", finish: FINISH_RECORDER };

/**
 * Commands are read in order, so once run has logged the SIGALRM of a
 * later "a", every earlier command has been acted on.
 */
async function barrier(p: Play): Promise<void> {
  await p.svc("-a");
  await sigsLogged(p, 1);
}

/** What to wait for after each command, sent alone to an up and ready service. */
const SETTLE_UP: Record<string, (p: Play) => Promise<unknown>> = {
  ...Object.fromEntries(Object.keys(SIGNAL_NAMES).map((c) => [c, (p: Play) => sigsLogged(p, 1)])),
  k: (p) => p.events(/^suUdDuU$/, 4000),
  t: (p) => p.events(/^suUdDuU$/, 4000),
  r: (p) => p.events(/^suUdDuU$/, 4000),
  p: (p) => waitStatus(p.dir, (s) => s.paused),
  c: barrier,
  o: (p) => waitStatus(p.dir, (s) => !s.wantUp),
  d: (p) => p.events(/^suUdD$/),
  u: barrier,
  D: (p) => p.events(/^suUdD$/),
  U: barrier,
  x: barrier,
  O: (p) => waitStatus(p.dir, (s) => !s.wantUp),
  Q: (p) => waitStatus(p.dir, (s) => !s.wantUp),
};

/** What to wait for after each command, sent alone to a normally down service never started. */
const SETTLE_DOWN: Record<string, (p: Play) => Promise<unknown>> = {
  ...Object.fromEntries([..."abqhktip12cyrdDOQ"].map((c) => [c, (p: Play) => p.s.events.expectNone(/./, 300, 1)])),
  o: (p) => p.events(/^su$/),
  u: (p) => p.events(/^su$/),
  U: (p) => p.events(/^su$/),
  x: async (p) => {
    await p.events(/^sx$/);
    await p.exit();
  },
};

function noteDownFile(p: Play): void {
  p.note("down file", existsSync(join(p.dir, "down")));
}

const ALONE_UP: Scenario[] = Object.entries(SETTLE_UP).map(([c, settle]) => ({
  name: `-${c} alone, up and ready`,
  files: LOGGER_FILES,
  async play(p) {
    await p.events(/^suU$/);
    await p.svc(`-${c}`);
    await settle(p);
    noteDownFile(p);
    await p.svstat(`after -${c}`);
  },
}));

const ALONE_DOWN: Scenario[] = Object.entries(SETTLE_DOWN).map(([c, settle]) => ({
  name: `-${c} alone, normally down`,
  files: { run: SLEEPER, down: "", finish: FINISH_RECORDER },
  async play(p) {
    await p.svc(`-${c}`);
    await settle(p);
    noteDownFile(p);
    await p.svstat(`after -${c}`);
  },
}));

const COMBINED: Scenario[] = [
  {
    name: "-pc: paused then continued",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-pc");
      await barrier(p);
      await p.svstat();
    },
  },
  {
    name: "-abqhiy12: every catchable signal at once",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-abqhiy12");
      await sigsLogged(p, 8, true);
      await p.svstat();
    },
  },
  {
    name: "-dx: down, then the supervisor exits",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-dx");
      await p.events(/^suUdDx$/);
      await p.exit();
    },
  },
  {
    name: "-du: killed, wanted up again, restarted",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-du");
      await p.events(/^suUdDuU$/, 4000);
      await p.svstat();
    },
  },
  {
    name: "-QU: down file made then removed, still up",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-QU");
      await barrier(p);
      noteDownFile(p);
      await p.svstat();
    },
  },
  {
    name: "-xk: exits once the killed run and finish are done",
    files: LOGGER_FILES,
    async play(p) {
      await p.events(/^suU$/);
      await p.svc("-xk");
      await p.events(/^suUdDx$/);
      await p.exit();
    },
  },
  {
    name: "-ud on a down service: started then stopped",
    files: { run: SLEEPER, down: "", finish: FINISH_RECORDER },
    async play(p) {
      await p.svc("-ud");
      await p.events(/^sudD$/);
      await p.svstat();
    },
  },
  {
    name: "-xu on a down service: what follows x in the same write is still done",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.svc("-xu");
      await p.events(/^sux$/);
      await p.exit();
      await p.svstat("left behind");
      p.note("run left running", alive(p.statusPid()));
    },
  },
  {
    name: "-ox on a down service: up once, the supervisor leaves with it",
    files: { run: SLEEPER, down: "", finish: FINISH_RECORDER },
    async play(p) {
      await p.svc("-ox");
      await p.events(/^su$/);
      await p.svstat("up, supervisor leaving");
      await p.svc("-k");
      await p.events(/^sudDx$/);
      await p.exit();
    },
  },
];

const NEVER_READY = { run: SLEEPER, "notification-fd": "3\n" };
const DEAF_READY = { run: script("trap '' TERM\necho >&3\nexec sleep 100000"), "notification-fd": "3\n" };

/** s6-svc -wX: it execs s6-svlisten1 (with commands) or s6-svwait (without). */
const WAITING: Scenario[] = [
  { name: "-wu -u", files: { run: SLEEPER, down: "" }, play: async (p) => { await p.svc("-wu", "-u"); await p.svstat(); } },
  { name: "-wU -u", files: { run: READY_ON_3, "notification-fd": "3\n", down: "" }, play: async (p) => { await p.svc("-wU", "-u"); await p.svstat(); } },
  {
    name: "-wd -d", files: { run: SLEEPER },
    // -wd returns on d, while the supervisor may still be in its brief
    // finishing phase (no ./finish): how long that lasts is the machine's
    // timing, not the supervisor's, so the status is read once it is over.
    play: async (p) => { await p.events(/^su$/); await p.svc("-wd", "-d"); await p.events(/^sudD$/); await p.svstat(); },
  },
  {
    name: "-wD -d", files: { run: READY_ON_3, "notification-fd": "3\n" },
    play: async (p) => { await p.events(/^suU$/); await p.svc("-wD", "-d"); await p.svstat(); },
  },
  {
    name: "-wr -r", files: { run: SLEEPER },
    play: async (p) => { await p.events(/^su$/); await p.svc("-wr", "-r"); await p.svstat(); },
  },
  {
    name: "-wR -r", files: { run: READY_ON_3, "notification-fd": "3\n" },
    play: async (p) => { await p.events(/^suU$/); await p.svc("-wR", "-r"); await p.events(/^suUdDuU$/); await p.svstat(); },
  },
  { name: "-wu -T 3000 -u: in time", files: { run: SLEEPER, down: "" }, play: async (p) => { await p.svc("-wu", "-T", "3000", "-u"); await p.svstat(); } },
  {
    name: "-wU -T 300 -u: never ready, times out",
    files: { ...NEVER_READY, down: "" },
    play: async (p) => { await p.svc("-wU", "-T", "300", "-u"); await p.svstat(); },
  },
  {
    name: "-wd -T 300 without a command: times out",
    files: { run: SLEEPER },
    play: async (p) => { await p.events(/^su$/); await p.svc("-wd", "-T", "300"); await p.svstat(); },
  },
  {
    name: "-wu without a command: already up",
    files: { run: SLEEPER },
    play: async (p) => { await p.events(/^su$/); await p.svc("-wu"); },
  },
  {
    name: "-wD -T 300 -d: run ignores SIGTERM, times out",
    files: DEAF_READY,
    play: async (p) => { await p.events(/^suU$/); await p.svc("-wD", "-T", "300", "-d"); await p.svstat(); },
  },
  {
    name: "-wU -u without notification-fd: degrades to -wu",
    files: { run: SLEEPER, down: "" },
    play: async (p) => { await p.svc("-wU", "-u"); await p.svstat(); },
  },
  {
    name: "-wu -o while finish fails permanently",
    files: { run: script("exit 1"), finish: script("exit 125"), down: "" },
    play: async (p) => { await p.svc("-wu", "-o"); await p.events(/^sudOD$/); await p.svstat(); },
  },
  {
    name: "-wD -dx: down and ready, then the supervisor exits",
    files: { run: READY_ON_3, "notification-fd": "3\n" },
    play: async (p) => { await p.events(/^suU$/); await p.svc("-wD", "-dx"); await p.events(/^suUdDx$/); await p.exit(); },
  },
  {
    name: "-wd -T 500 -x: x alone does not bring run down",
    files: { run: SLEEPER },
    play: async (p) => { await p.events(/^su$/); await p.svc("-wd", "-T", "500", "-x"); await p.svstat(); },
  },
  {
    name: "no supervisor any more: exit 100, with and without -w",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.svc("-x");
      await p.exit();
      await p.svc("-u");
      // s6-svlisten1 and s6-svwait would wait forever for the events of a supervisor that is gone.
      await p.svc("-wu", "-T", "300", "-u");
      await p.svc("-wu", "-T", "300");
      await p.svstat();
    },
  },
];

export const SVC_SCENARIOS = { ALONE_UP, ALONE_DOWN, COMBINED, WAITING };
