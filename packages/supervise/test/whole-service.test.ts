import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { QUIET_MS, logWholeness, serviceWholeness } from "../src/whole-service.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function serviceDir(): string {
  const d = mkdtempSync(join(tmpdir(), "ts6-whole-"));
  dirs.push(d);
  return d;
}

/** Dates files a second back: written a while ago. */
function old(...paths: string[]): void {
  const past = new Date(Date.now() - 1000);
  for (const p of paths) utimesSync(p, past, past);
}

describe("serviceWholeness", () => {
  it("waits for run, watching the directory", () => {
    const d = serviceDir();
    expect(serviceWholeness(d)).toEqual({ whole: false, watch: [d] });
  });

  it("takes an executable run that has been quiet for a while", () => {
    const d = serviceDir();
    writeFileSync(join(d, "run"), "#!/bin/sh\n", { mode: 0o755 });
    old(join(d, "run"), d);
    expect(serviceWholeness(d)).toEqual({ whole: true });
  });

  it("waits until a run written just now has been quiet for QUIET_MS", () => {
    const d = serviceDir();
    writeFileSync(join(d, "run"), "#!/bin/sh\n", { mode: 0o755 });
    const w = serviceWholeness(d);
    expect(w.whole).toBe(false);
    if (w.whole) return;
    expect(w.retryAt).toBeGreaterThan(Date.now());
    expect(w.retryAt).toBeLessThanOrEqual(Date.now() + QUIET_MS);
    expect(serviceWholeness(d, Date.now() + QUIET_MS + 1)).toEqual({ whole: true });
  });

  it("waits for a fresh run's x bit, but takes a run that stayed without it (it fails, as under s6)", () => {
    const d = serviceDir();
    writeFileSync(join(d, "run"), "#!/bin/sh\n", { mode: 0o644 });
    old(join(d, "run"), d);
    expect(serviceWholeness(d).whole).toBe(false);
    expect(serviceWholeness(d, Date.now() + QUIET_MS + 1)).toEqual({ whole: true });
  });

  it("waits for log/run when there is a log/, watching both directories", () => {
    const d = serviceDir();
    writeFileSync(join(d, "run"), "#!/bin/sh\n", { mode: 0o755 });
    mkdirSync(join(d, "log"));
    old(join(d, "run"), join(d, "log"), d);
    expect(serviceWholeness(d)).toEqual({ whole: false, watch: [d, join(d, "log")] });
    writeFileSync(join(d, "log", "run"), "#!/bin/sh\n");
    chmodSync(join(d, "log", "run"), 0o755);
    old(join(d, "log", "run"), join(d, "log"));
    expect(serviceWholeness(d)).toEqual({ whole: true });
  });
});

describe("logWholeness", () => {
  it("is absent without a log/ directory, or with a log that is a file", () => {
    const d = serviceDir();
    expect(logWholeness(d)).toBe("absent");
    writeFileSync(join(d, "log"), "");
    expect(logWholeness(d)).toBe("absent");
  });
});
