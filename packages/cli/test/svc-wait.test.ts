import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ServiceHandle, type Tree, type WaitState, startTree } from "ts6";
import { normalise } from "./helpers/compare.js";
import { type Ran, run, runTs6 } from "./helpers/programs.js";
import { S6_BIN, haveS6 } from "./helpers/s6-available.js";
import { ENGINES, svscanOf, writeService } from "./helpers/state-tree.js";

/*
 * s6-svc -wX with commands that change the state: each case has two
 * identical services, one driven by s6-svc and one by ts6-svc; both runs
 * must print the same and leave their service in the same state.
 */

const SLEEP = "#!/bin/sh\nexec sleep 100000\n";
const READY = "#!/bin/sh\necho >&3\nexec sleep 100000\n";
/*
 * s6-svlisten1 -R (behind s6-svc -wR) waits for D, then for U, and drops
 * whatever followed the D in the same read: when a slow machine hands it
 * "dDuU" at once it waits for a U that already came, forever. Readiness a
 * moment after the start keeps the reference from hanging on its own race.
 */
const READY_LATER = "#!/bin/sh\nsleep 0.5\necho >&3\nexec sleep 100000\n";

interface Action {
  name: string;
  files: Record<string, string>;
  prepare(svc: ServiceHandle): Promise<unknown>;
  args: string[];
  /** Where the service ends up after the command, when s6-svc may return before it gets there. */
  settle?: WaitState;
}

const ACTIONS: Action[] = [
  { name: "wu-u", files: { run: SLEEP, down: "" }, prepare: (s) => s.waitFor("finished"), args: ["-wu", "-u"] },
  {
    name: "wU-u", files: { run: READY, "notification-fd": "3\n", down: "" },
    prepare: (s) => s.waitFor("finished"), args: ["-wU", "-u"],
  },
  { name: "wd-d", files: { run: SLEEP }, prepare: (s) => s.waitFor("up"), args: ["-wd", "-d"], settle: "finished" },
  { name: "wD-d", files: { run: SLEEP }, prepare: (s) => s.waitFor("up"), args: ["-wD", "-d"] },
  { name: "wr-r", files: { run: SLEEP }, prepare: (s) => s.waitFor("up"), args: ["-wr", "-r"] },
  {
    name: "wR-r", files: { run: READY_LATER, "notification-fd": "3\n" },
    prepare: (s) => s.waitFor("ready"), args: ["-wR", "-r"],
  },
  {
    name: "wu-o-125", files: { run: "#!/bin/sh\nexit 1\n", finish: "#!/bin/sh\nexit 125\n", down: "" },
    prepare: (s) => s.waitFor("finished"), args: ["-wu", "-o"], settle: "finished",
  },
  {
    name: "wU-u-125", files: { run: "#!/bin/sh\nexit 1\n", finish: "#!/bin/sh\nexit 125\n", "notification-fd": "3\n", down: "" },
    prepare: (s) => s.waitFor("finished"), args: ["-wU", "-u"], settle: "finished",
  },
  { name: "wu-T-d", files: { run: SLEEP, down: "" }, prepare: (s) => s.waitFor("finished"), args: ["-wu", "-T", "250", "-d"] },
];

if (haveS6("s6-svc -w with commands")) {
  describe.each(ENGINES)("svc -w under %s", (engine) => {
    let root = "";
    let tree: Tree | undefined;
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), `ts6-svcw-${engine}-`));
      const scandir = join(root, "scandir");
      for (const a of ACTIONS) for (const side of ["s6", "ts6"]) writeService(join(scandir, `${a.name}-${side}`), a);
      tree = await startTree(scandir, { svscan: svscanOf(engine) });
      for (const a of ACTIONS) for (const side of ["s6", "ts6"]) await a.prepare(tree.service(`${a.name}-${side}`));
    }, 60_000);
    afterAll(async () => {
      await tree?.stop();
      rmSync(root, { recursive: true, force: true });
    }, 30_000);

    for (const a of ACTIONS) {
      test(`svc ${a.args.join(" ")} (${a.name})`, async () => {
        const cwd = tree!.scandir;
        const real = await run(`${S6_BIN}/s6-svc`, [...a.args, `${a.name}-s6`], { cwd });
        const ours = await runTs6("ts6-svc", [...a.args, `${a.name}-ts6`], { cwd });
        const sideless = (r: Ran): Ran => normalise({ ...r, stderr: r.stderr.replace(/-t?s6\b/g, "-SIDE") }, "svc");
        expect(sideless(ours)).toEqual(sideless(real));
        if (a.settle) {
          await tree!.service(`${a.name}-s6`).waitFor(a.settle);
          await tree!.service(`${a.name}-ts6`).waitFor(a.settle);
        }
        const [statReal, statOurs] = [
          await run(`${S6_BIN}/s6-svstat`, [`${a.name}-s6`], { cwd }),
          await run(`${S6_BIN}/s6-svstat`, [`${a.name}-ts6`], { cwd }),
        ];
        expect(normalise(statOurs, "svstat")).toEqual(normalise(statReal, "svstat"));
      });
    }
  });
}
