import { existsSync } from "node:fs";
import { test } from "vitest";

/**
 * The scanners the API suite runs against: ts6-svscan always, Debian's
 * s6-svscan when installed (skipped loudly without it; with
 * TS6_REQUIRE_S6=1, a failing test says it is missing).
 */
export function engines(): Array<{ name: string; svscan: string | undefined }> {
  const list: Array<{ name: string; svscan: string | undefined }> = [{ name: "ts6-svscan", svscan: undefined }];
  if (existsSync("/usr/bin/s6-svscan")) list.push({ name: "s6-svscan", svscan: "/usr/bin/s6-svscan" });
  else if (process.env["TS6_REQUIRE_S6"] === "1") {
    test("s6-svscan is installed", () => {
      throw new Error("/usr/bin/s6-svscan missing, and TS6_REQUIRE_S6=1");
    });
  } else console.warn("SKIPPING the API suite against s6-svscan: s6 is not installed");
  return list;
}
