import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { script } from "../../helpers/service-dir.js";
import { waitStatus } from "../../helpers/status-file.js";
import type { Scenario } from "./harness.js";

/** Shell lines printing what a process got from its supervisor, prefixed by `who`. */
function describeSelf(who: string): string {
  return [
    `echo "${who} argv: $0 $*"`,
    `echo "${who} cwd: $(basename "$PWD")"`,
    // Numbers, not a glob of /proc/$$/fd: dash reads that directory through an fd of
    // its own, and $(...) opens a pipe; fd 10 is where dash keeps the script.
    `for n in 0 1 2 3 4 5 6 7 8 9 11 12 13 14 15 16; do [ -e /proc/$$/fd/$n ] && echo "${who} fd $n -> $(readlink /proc/$$/fd/$n | sed 's,pipe:.*,pipe,')"; done`,
    `grep -E "^Sig(Ign|Blk)" /proc/$$/status | sed "s/^/${who} /"`,
    `set -- $(ps -o pid=,pgid=,sid= -p $$)`,
    `[ "$1" = "$2" ] && [ "$1" = "$3" ] && echo "${who} leads its session and group"`,
    `echo "${who} umask $(umask)"`,
    `env | grep -v -e '^_=' -e '^TS6_TEST_TAG=' | sort | sed "s/^/${who} env /"`,
  ].join("\n");
}

export const PROCESS: Scenario[] = [
  {
    name: "what run and finish get: argv, cwd, fds, signals, session, umask, environment",
    files: {
      run: script(`${describeSelf("run")}\nexit 0`),
      finish: script(describeSelf("finish")),
      down: "",
    },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
    },
  },
  {
    // Not any two numbers: s6 2.11 moves the notification pipe onto
    // notification-fd before it moves the lock onto lock-fd, and clobbers its
    // own copy of service-lock when that happens to have notification-fd's
    // number (7 in Debian's build).
    name: "what run gets with notification-fd and lock-fd",
    files: {
      run: script(`${describeSelf("run")}\nexit 0`),
      "notification-fd": "3\n",
      "lock-fd": "5\n",
      down: "",
    },
    options: {
      prepare: (dir) => {
        mkdirSync(join(dir, "supervise"), { mode: 0o700 });
        writeFileSync(join(dir, "supervise", "service-lock"), "");
      },
    },
    async play(p) {
      await p.svc("-o");
      await p.events(/^sudD$/);
      await waitStatus(p.dir, (s) => !s.finishing);
    },
  },
];
