import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FDS_PER_SUPERVISOR, FdBudget, countOpenFds, fdsToStart, readFdLimit, reserveFor } from "../src/fd-budget.js";

describe("FdBudget", () => {
  it("reads this process's limit and open fds", () => {
    const limit = readFdLimit();
    expect(limit?.soft).toBeGreaterThan(0);
    expect(limit?.hard).toBeGreaterThanOrEqual(limit?.soft ?? 0);
    expect(countOpenFds()).toBeGreaterThan(2);
  });

  it("keeps a reserve of an eighth of the limit, 16 to 64 fds", () => {
    expect(reserveFor(100)).toBe(16);
    expect(reserveFor(256)).toBe(32);
    expect(reserveFor(100_000)).toBe(64);
  });

  it("gives out what is left above the reserve, then nothing until the next count", () => {
    const b = new FdBudget();
    b.refresh();
    const left = b.limit.soft - b.open - reserveFor(b.limit.soft);
    expect(b.take(left)).toBe(true);
    expect(b.take(1)).toBe(false);
    b.refresh();
    expect(b.take(1)).toBe(true);
    b.exhaust();
    expect(b.take(1)).toBe(false);
  });
});

describe("fdsToStart", () => {
  it("counts the notification pipe's read end only for a service that has notification-fd", () => {
    const dir = mkdtempSync(join(tmpdir(), "ts6-fds-to-start-"));
    try {
      expect(fdsToStart(dir)).toBe(FDS_PER_SUPERVISOR);
      writeFileSync(join(dir, "notification-fd"), "3\n");
      expect(fdsToStart(dir)).toBe(FDS_PER_SUPERVISOR + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
