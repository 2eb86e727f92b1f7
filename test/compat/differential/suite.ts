import { describe, expect, test } from "vitest";
import { Sandbox } from "../../helpers/sandbox.js";
import { haveS6 } from "../../helpers/s6.js";
import { playBoth, type Scenario } from "./harness.js";

/**
 * Declares one test per scenario, run concurrently: each plays under
 * Debian's s6-supervise and under ts6-supervise, on two copies of the same
 * service dir at the same time. Everything the s6 clients saw, every event
 * byte, finish's arguments and the files in supervise/ must be the same;
 * timing where s6 has a rule is checked on both runs with a tolerance.
 */
export function differentialSuite(title: string, scenarios: readonly Scenario[]): void {
  if (!haveS6(title)) return;
  describe.concurrent(title, () => {
    for (const sc of scenarios) {
      test(sc.name, async ({ onTestFinished }) => {
        const box = new Sandbox();
        onTestFinished(() => box.close());
        const both = await playBoth(box, sc);
        expect(both.ts6.outcome, `ts6 differs from s6 in "${sc.name}"`).toEqual(both.s6.outcome);
        for (const { play } of Object.values(both)) {
          for (const t of play.timings) {
            const said = `${play.engine}-supervise: ${t.what} took ${t.ms} ms, want ${t.min}..${t.max}`;
            expect(t.ms, said).toBeGreaterThanOrEqual(t.min);
            expect(t.ms, said).toBeLessThanOrEqual(t.max);
          }
          for (const w of sc.warnings ?? []) expect(play.s.sup.stderr, `${play.engine}-supervise's warnings`).toMatch(w);
        }
      });
    }
  });
}
