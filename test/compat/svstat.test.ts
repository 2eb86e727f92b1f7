import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Sandbox, type Supervised } from "../helpers/sandbox.js";
import { ENGINES, type Engine } from "../helpers/supervisor.js";
import { ALL_FIELDS, normaliseFields, normaliseLegacy } from "../helpers/svstat.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { STATES, STATE_NAMES, type StateName } from "./clients/states.js";

/*
 * Debian's s6-svstat, in every way it can be asked, on one service per
 * state under s6-supervise and the same under ts6-supervise: the answers
 * must be the same (pids and times masked).
 */

const SHORT: Record<string, string> = { u: "up", w: "wantedup", N: "normallyup", r: "ready", p: "pid", e: "exitcode", s: "signal", t: "updownfor" };

/** Every way of asking, with the -o field names its output holds (none: legacy). */
const QUERIES: Array<{ args: string[]; fields?: string[] }> = [
  { args: [] },
  { args: ["-n"] },
  ...ALL_FIELDS.map((f) => ({ args: ["-o", f], fields: [f] })),
  { args: ["-o", ALL_FIELDS.join(",")], fields: [...ALL_FIELDS] },
  { args: ["-o", "up,wanted,norm,pa,exit,sig,readys"], fields: ["up", "wantedup", "normallyup", "paused", "exitcode", "signal", "readysince"] },
  ...Object.entries(SHORT).map(([opt, f]) => ({ args: [`-${opt}`], fields: [f] })),
  { args: ["-uwNrpest"], fields: Object.values(SHORT) },
];

async function ask(dir: string, q: (typeof QUERIES)[number]): Promise<unknown> {
  const r = await run(s6("s6-svstat"), [...q.args, dir]);
  const out = q.fields === undefined ? normaliseLegacy(r.stdout) : normaliseFields(r.stdout, q.fields);
  return { query: q.args.join(" "), code: r.code, out, stderr: r.stderr.split(dir).join("DIR") };
}

if (haveS6("s6-svstat against ts6-supervise")) {
  describe("s6-svstat in every state", () => {
    const box = new Sandbox();
    const services = new Map<string, Supervised>();
    const key = (engine: Engine, state: StateName): string => `${engine} ${state}`;

    beforeAll(async () => {
      await Promise.all(ENGINES.flatMap((engine) => STATE_NAMES.map(async (state, i) => {
        const s = await box.supervise(engine, STATES[state].files, { name: `state${i}` });
        await STATES[state].drive(s);
        services.set(key(engine, state), s);
      })));
    }, 30_000);
    afterAll(() => box.close(), 30_000);

    test.concurrent.each(STATE_NAMES)("%s", async (state) => {
      const [real, ours] = ENGINES.map((e) => services.get(key(e, state))!);
      const answers = async (s: Supervised): Promise<unknown[]> => Promise.all(QUERIES.map((q) => ask(s.dir, q)));
      const [want, got] = await Promise.all([answers(real!), answers(ours!)]);
      expect(got).toEqual(want);
    });

    test("the legacy line of each state, under ts6-supervise", async () => {
      const lines: Record<string, string> = {};
      for (const state of STATE_NAMES) lines[state] = ((await ask(services.get(key("ts6", state))!.dir, QUERIES[0]!)) as { out: string }).out;
      expect(lines).toEqual({
        "up": "up (pid PID) N seconds\n",
        "up and ready": "up (pid PID) N seconds, ready N seconds\n",
        "down by exit code": "down (exitcode 3) N seconds, ready N seconds\n",
        "down by signal": "down (signal SIGKILL) N seconds, ready N seconds\n",
        "finishing": "down (exitcode 4) N seconds\n",
        "paused": "up (pid PID) N seconds, paused\n",
        "normally down": "down (exitcode 0) N seconds, ready N seconds\n",
        "want up": "down (exitcode 0) N seconds, normally up, want up\n",
        "want down": "up (pid PID) N seconds, want down\n",
        "told down": "down (signal SIGTERM) N seconds, normally up, ready N seconds\n",
      });
    });
  });
}
