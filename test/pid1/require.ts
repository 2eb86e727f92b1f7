import { existsSync } from "node:fs";
import { test } from "vitest";
import { haveS6, s6 } from "../helpers/s6.js";

/**
 * Whether Debian's s6, the given programs (unshare, setpriv...) and root
 * (a pid namespace, becoming nobody) are here. Without them the suite
 * skips, loudly; with TS6_REQUIRE_S6=1 (CI) it gets a failing test
 * instead, as haveS6 does for s6 alone.
 */
export function requireTools(suite: string, tools: readonly string[]): boolean {
  if (!haveS6(suite)) return false;
  // haveS6 checks the supervisor and its clients; these suites also drive and compare scanners.
  const missing = [s6("s6-svscan"), s6("s6-svscanctl"), ...tools].filter((t) => !existsSync(t));
  if (process.getuid?.() !== 0) missing.push("root");
  if (missing.length === 0) return true;
  const what = `${missing.join(", ")} missing`;
  if (process.env["TS6_REQUIRE_S6"] === "1") {
    test(`${suite}: ${what}`, () => {
      throw new Error(`${what}, and TS6_REQUIRE_S6=1`);
    });
  } else {
    console.warn(`SKIPPING ${suite}: ${what}`);
  }
  return false;
}
