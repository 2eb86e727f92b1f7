import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { SLEEPER, script } from "../../helpers/service-dir.js";
import { listDir } from "../../helpers/supervise-files.js";
import type { Play, Scenario } from "./harness.js";

/** Mode and group of a directory, as the supervisor left it. */
function noteDir(p: Play, label: string, path: string): void {
  const st = statSync(path);
  p.note(label, { mode: (st.mode & 0o7777).toString(8), gid: st.gid === process.getegid!() ? "egid" : st.gid });
}

/** event/'s entries but the test's own listener. */
function noteEventDir(p: Play): void {
  const ours = basename(p.s.events.path);
  p.note("event/ entries", readdirSync(join(p.dir, "event")).filter((n) => n !== ours));
}

/** A listener that died without cleaning up: a fifo with no reader. */
function staleListener(dir: string): void {
  mkdirSync(join(dir, "event"), { recursive: true });
  const name = `ftrig1:@${"4".padEnd(24, "0")}:abcdef`;
  execFileSync("mkfifo", ["-m", "600", join(dir, "event", name)]);
}

export const SETUP: Scenario[] = [
  {
    name: "a fresh service dir: event/ 03730 with our group, supervise/ 0700, lock, control",
    files: { run: SLEEPER, down: "" },
    options: { subscribe: false },
    async play(p) {
      noteDir(p, "event/", join(p.dir, "event"));
      await p.svc("-u");
      await p.events(/^s?u$/);
      await p.svstat();
    },
  },
  {
    name: "umask 077: the files the supervisor makes",
    files: { run: script("exit 1"), down: "" },
    options: { subscribe: false, umask: 0o077 },
    async play(p) {
      await p.svc("-o");
      await p.events(/^s?udD$/);
      await p.svc("-D");
      await p.svstat();
    },
  },
  {
    name: "supervise/ a dangling symlink: its target is made",
    files: { run: SLEEPER, supervise: { symlink: "../supervise-target" } },
    async play(p) {
      await p.events(/^su$/);
      noteDir(p, "supervise target", join(p.s.root, "supervise-target"));
      p.note("supervise target entries", listDir(join(p.s.root, "supervise-target")));
    },
  },
  {
    name: "event/ a dangling symlink: its target is made 03730",
    // Down at first: a run started at once could send its "u" before the
    // late subscriber is listening, or after.
    files: { run: SLEEPER, event: { symlink: "../event-target" }, down: "" },
    options: { subscribe: false },
    async play(p) {
      noteDir(p, "event target", join(p.s.root, "event-target"));
      await p.svc("-u");
      await p.events(/^s?u$/);
    },
  },
  {
    name: "leftovers of an earlier supervisor: status and death_tally replaced, a dead listener removed",
    files: { run: SLEEPER, down: "" },
    options: {
      prepare: (dir) => {
        mkdirSync(join(dir, "supervise"), { mode: 0o700 });
        writeFileSync(join(dir, "supervise", "status"), Buffer.alloc(35, 0xff));
        writeFileSync(join(dir, "supervise", "death_tally"), Buffer.alloc(28, 0x41));
        writeFileSync(join(dir, "supervise", "status.new"), "junk");
        staleListener(dir);
      },
    },
    async play(p) {
      noteEventDir(p);
      await p.svstat("fresh status");
      await p.svc("-o");
      await p.events(/^su$/);
      noteEventDir(p);
    },
  },
];
