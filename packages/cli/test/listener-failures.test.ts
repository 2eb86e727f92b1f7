import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Tree, startTree } from "ts6";
import { normalise } from "./helpers/compare.js";
import { type Ran, run, runTs6 } from "./helpers/programs.js";
import { S6_BIN, haveS6 } from "./helpers/s6-available.js";
import { ENGINES, svscanOf, writeService } from "./helpers/state-tree.js";
import { subscribed } from "./helpers/subscribed.js";

/*
 * Failures seen by the waiting clients: a supervisor exiting ("x") while
 * they wait counts against each service, and s6-svwait exits with how many
 * failed. Twin services again: s6's client waits on the s6-* ones, ts6's
 * on the ts6-* ones, and both sets get the same commands once both
 * clients are subscribed.
 */

const SLEEP = "#!/bin/sh\nexec sleep 100000\n";
const SERVICES = ["w1", "w2", "l1"];

if (haveS6("waiting clients seeing failures")) {
  describe.each(ENGINES)("failures while waiting, under %s", (engine) => {
    let root = "";
    let tree: Tree | undefined;
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), `ts6-failures-${engine}-`));
      const scandir = join(root, "scandir");
      for (const n of SERVICES) for (const side of ["s6", "ts6"]) writeService(join(scandir, `${n}-${side}`), { files: { run: SLEEP, down: "" } });
      tree = await startTree(scandir, { svscan: svscanOf(engine) });
      for (const n of SERVICES) for (const side of ["s6", "ts6"]) await tree.service(`${n}-${side}`).waitFor("finished");
    }, 60_000);
    afterAll(async () => {
      await tree?.stop();
      rmSync(root, { recursive: true, force: true });
    }, 30_000);

    async function bothWhile(
      tool: "svwait" | "svlisten1", args: (side: string) => string[], services: string[], act: (side: string) => void,
    ): Promise<[Ran, Ran]> {
      const cwd = tree!.scandir;
      const real = run(`${S6_BIN}/s6-${tool}`, args("s6"), { cwd });
      const ours = runTs6(`ts6-${tool}`, args("ts6"), { cwd });
      for (const side of ["s6", "ts6"]) {
        for (const s of services) await subscribed(join(cwd, `${s}-${side}`, "event"));
      }
      act("s6");
      act("ts6");
      return Promise.all([real, ours]);
    }

    const sideless = (r: Ran, tool: "svwait" | "svlisten1"): Ran => normalise({ ...r, stderr: r.stderr.replace(/-t?s6\b/g, "-SIDE") }, tool);

    test("svwait -u exits with the number of services whose supervisor exited", async () => {
      const [real, ours] = await bothWhile("svwait", (side) => ["-u", "-t", "5000", `w1-${side}`, `w2-${side}`], ["w1", "w2"], (side) => {
        tree!.service(`w1-${side}`).send("x");
        tree!.service(`w2-${side}`).send("x");
      });
      expect(real.code).toBe(2);
      expect(sideless(ours, "svwait")).toEqual(sideless(real, "svwait"));
    });

    test("svlisten1 -u fails when the supervisor exits", async () => {
      const [real, ours] = await bothWhile("svlisten1", (side) => ["-u", "-t", "5000", `l1-${side}`, "true"], ["l1"], (side) => {
        tree!.service(`l1-${side}`).send("x");
      });
      expect(real.code).toBe(1);
      expect(sideless(ours, "svlisten1")).toEqual(sideless(real, "svlisten1"));
    });
  });
}
