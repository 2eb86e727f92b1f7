import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { TestContext } from "vitest";
import { removeScandir, tmpScandir } from "../svscan/harness.js";
import { type LaunchOptions, type Launched, launch } from "../pid1/launch.js";

export interface Setup {
  scandir: string;
  /** Where the scripts leave files ($RESULTS): inside the scan directory, a dot name. */
  results: string;
  start(o?: Partial<LaunchOptions>): Promise<Launched>;
}

/** A fresh scan directory, removed with whatever ran on it when the test ends. */
export function setup(ctx: TestContext, tag: string): Setup {
  const scandir = tmpScandir(tag);
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  mkdirSync(results);
  return {
    scandir,
    results,
    start: async (o = {}) => {
      const tree = await launch({ scandir, env: { RESULTS: results }, ...o });
      ctx.onTestFinished(() => tree.kill());
      return tree;
    },
  };
}
