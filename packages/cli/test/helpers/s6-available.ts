import { existsSync } from "node:fs";
import { test } from "vitest";

export const S6_BIN = "/usr/bin";

/**
 * Whether the real s6 tools are here. Without them a compat suite skips,
 * loudly; with TS6_REQUIRE_S6=1 (CI) a failing test says they are missing.
 */
export function haveS6(suite: string): boolean {
  if (existsSync(`${S6_BIN}/s6-svc`) && existsSync(`${S6_BIN}/s6-svscan`)) return true;
  if (process.env["TS6_REQUIRE_S6"] === "1") {
    test(`${suite}: s6 is installed`, () => {
      throw new Error(`${S6_BIN}/s6-svc or s6-svscan missing, and TS6_REQUIRE_S6=1`);
    });
  } else {
    console.warn(`SKIPPING ${suite}: s6 is not installed (${S6_BIN}/s6-svc); install Debian's s6 to run it`);
  }
  return false;
}
