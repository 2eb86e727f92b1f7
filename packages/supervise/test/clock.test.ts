import { describe, expect, it } from "vitest";
import { monotonicMs } from "../src/clock.js";

describe("monotonicMs", () => {
  it("runs with real time, in milliseconds, as performance.now() does", async () => {
    const t0 = monotonicMs();
    const p0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const elapsed = monotonicMs() - t0;
    const reference = performance.now() - p0;
    expect(elapsed).toBeGreaterThanOrEqual(49);
    expect(Math.abs(elapsed - reference)).toBeLessThan(5);
  });
});
