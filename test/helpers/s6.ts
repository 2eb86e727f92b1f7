import { existsSync } from "node:fs";
import { test } from "vitest";

/** Where Debian puts s6's programs; TS6_S6_BIN points the suites at another install. */
export const S6_BIN = process.env["TS6_S6_BIN"] ?? "/usr/bin";

/** The path of one of Debian's s6 programs. */
export function s6(program: string): string {
  return `${S6_BIN}/${program}`;
}

/**
 * Whether Debian's s6 is here. Without it a compat suite skips, loudly; with
 * TS6_REQUIRE_S6=1 (CI) the suite gets a failing test that says so instead.
 */
export function haveS6(suite: string): boolean {
  const needed = ["s6-supervise", "s6-svc", "s6-svstat", "s6-svwait", "s6-svlisten1", "s6-svok"];
  const missing = needed.filter((p) => !existsSync(s6(p)));
  if (missing.length === 0) return true;
  const what = `${missing.map(s6).join(", ")} missing`;
  if (process.env["TS6_REQUIRE_S6"] === "1") {
    test(`${suite}: Debian's s6 is installed`, () => {
      throw new Error(`${what}, and TS6_REQUIRE_S6=1`);
    });
  } else {
    console.warn(`SKIPPING ${suite}: ${what}; install Debian's s6 (2.11.3.2) to run it`);
    // A file with no test at all is an error to vitest; a skipped one says what is missing.
    test.skip(`${suite}: needs Debian's s6`, () => undefined);
  }
  return false;
}
