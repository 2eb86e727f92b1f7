import { describe, expect, it } from "vitest";
import type { Logger } from "../src/log.js";
import { RateLimitedLog } from "../src/rate-limited-log.js";

function recorder(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const add = (a: object | string, b?: string): void => {
    lines.push(typeof a === "string" ? a : (b ?? ""));
  };
  const log = { debug: add, info: add, warn: add, error: add, fatal: add, child: () => log } as Logger;
  return { log, lines };
}

describe("RateLimitedLog", () => {
  it("lets through the first few of a storm and drops the rest", () => {
    const { log, lines } = recorder();
    const r = new RateLimitedLog(log, 3);
    for (let i = 0; i < 100; i++) r.warn({}, `w${i}`);
    expect(lines).toEqual(["w0", "w1", "w2"]);
  });
});
