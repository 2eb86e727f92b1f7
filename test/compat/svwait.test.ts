import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { Sandbox, type Supervised } from "../helpers/sandbox.js";
import { READY_ON_3, SLEEPER } from "../helpers/service-dir.js";
import { ENGINES, type Engine } from "../helpers/supervisor.js";
import { WAIT_SCENARIOS } from "./clients/wait-scenarios.js";
import { differentialSuite } from "./differential/suite.js";

/* Debian's s6-svok, s6-svwait and s6-svlisten1 against s6-supervise and ts6-supervise. */

differentialSuite("s6-svok, s6-svwait, s6-svlisten1 on one service", WAIT_SCENARIOS);

/** Two services per supervisor kind: "a" up and ready, "b" normally down. */
async function pair(box: Sandbox, engine: Engine): Promise<[Supervised, Supervised]> {
  const a = await box.supervise(engine, { run: READY_ON_3, "notification-fd": "3\n" }, { name: "a" });
  const b = await box.supervise(engine, { run: SLEEPER, down: "" }, { name: "b" });
  await a.events.waitFor(/^suU$/);
  return [a, b];
}

const MULTI: string[][] = [
  ["-u", "a", "b", "-t", "300"],
  ["-o", "-u", "a", "b"],
  ["-a", "-u", "-t", "300", "a", "b"],
  ["-a", "-D", "-t", "300", "a", "b"],
  ["-o", "-D", "a", "b"],
  ["-o", "-U", "-t", "300", "b", "b"],
  ["-d", "-t", "300", "a", "b"],
];

if (haveS6("s6-svwait -a and -o on two services")) {
  describe("s6-svwait on two services", () => {
    test("-a and -o, with and without -t", async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const [real, ours] = await Promise.all(ENGINES.map((e) => pair(box, e)));
      const ask = async ([a]: [Supervised, Supervised], args: string[]): Promise<unknown> => {
        const root = a.root;
        const r = await run(s6("s6-svwait"), args.map((x) => (x === "a" || x === "b" ? join(root, x) : x)));
        return { args: args.join(" "), code: r.code, stdout: r.stdout, stderr: r.stderr.split(root).join("ROOT") };
      };
      const want = await Promise.all(MULTI.map((args) => ask(real!, args)));
      const got = await Promise.all(MULTI.map((args) => ask(ours!, args)));
      expect(got).toEqual(want);
    });
  });
}
