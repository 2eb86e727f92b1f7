import { describe, test } from "vitest";
import { type ClientTool, expectSameAsS6 } from "./compare.js";
import { haveS6 } from "./s6-available.js";
import { STATES, type State, type StateEngine, useStateTree } from "./state-tree.js";

/*
 * Each ts6 client against the real one, in every state of the state tree,
 * under one engine (one test file per engine, so that they run in
 * parallel). Waits that cannot succeed in a state use a short timeout
 * (exit 99 on both sides).
 */

/* Short, but long enough for s6-svlisten1 to start its s6-ftrigrd helper, which the timeout also bounds. */
const T = "250";

const ALL_FIELDS = "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor";

interface Case {
  tool: ClientTool;
  args: (s: State) => string[];
  maskFields?: number[];
}

const CASES: Case[] = [
  { tool: "svstat", args: (s) => [s] },
  { tool: "svstat", args: (s) => ["-n", s] },
  { tool: "svstat", args: (s) => ["-o", ALL_FIELDS, s], maskFields: [5, 11, 12] },
  { tool: "svstat", args: (s) => ["-uwNrpest", s], maskFields: [4, 7] },
  { tool: "svstat", args: (s) => ["-o", "u,w,n,re,pa,e,sig,signu,", s] },
  { tool: "svok", args: (s) => [s] },
  ...["-u", "-U", "-d", "-D", "-r", "-R"].map((w): Case => ({ tool: "svwait", args: (s) => [w, "-t", T, s] })),
  { tool: "svwait", args: (s) => ["-o", "-u", "-t", T, s, "exitcode"] },
  { tool: "svwait", args: (s) => ["-a", "-u", "-t", T, s, "up"] },
  ...["-u", "-U", "-d", "-D"].map((w): Case => ({ tool: "svlisten1", args: (s) => [w, "-t", T, s, "true"] })),
  ...["-wu", "-wU", "-wd", "-wD"].map((w): Case => ({ tool: "svc", args: (s) => [w, "-T", T, s] })),
  { tool: "svc", args: (s) => ["-wu", "-T", T, "-y", s] },
  { tool: "svc", args: (s) => ["-y", s] },
];

export function clientsInEveryState(engine: StateEngine): void {
  if (!haveS6(`clients in every state under ${engine}`)) return;
  describe(`clients against services run by ${engine}`, () => {
    const fx = useStateTree(engine);

    for (const args of [["-z", "."], ["-a", "."], ["-za", "."], [".."]]) {
      test(`the scan directory: svscanctl ${args.join(" ")}`, async () => {
        await expectSameAsS6("svscanctl", args, { cwd: fx().scandir });
      });
    }

    for (const state of STATES) {
      for (const c of CASES) {
        test(`${state}: ${c.tool} ${c.args(state).join(" ")}`, async () => {
          await expectSameAsS6(c.tool, c.args(state), { cwd: fx().scandir, maskFields: c.maskFields });
        });
      }
    }
  });
}
