import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { haveS6 } from "../helpers/s6.js";
import { run } from "../helpers/run.js";
import { type Verdict, verifyCounted } from "../helpers/counted-lines.js";
import { removeScandir, startTree, svwait, tmpScandir, writeService, type Tree } from "./harness.js";

const node = process.execPath;

// Writes "L<n>E" every millisecond, continuing the count of the previous
// instance; on TERM it finishes the line it is on, saves the count, exits.
// It reports readiness (fd 3) once its TERM handler is in place.
const producer = `#!${node}
const fs = require("fs");
let n = 0;
try { n = Number(fs.readFileSync("counter", "utf8")) || 0; } catch {}
let stopping = false;
process.on("SIGTERM", () => { stopping = true; });
fs.writeSync(3, "\\n");
fs.closeSync(3);
const tick = setInterval(() => {
  if (stopping) {
    clearInterval(tick);
    fs.writeFileSync("counter", String(n));
    process.exit(0);
  }
  n++;
  fs.writeSync(1, "L" + n + "E\\n");
}, 1);
`;

// Appends everything it reads to the file; what it has read is written in
// the same callback, so on TERM (handled between callbacks) nothing is lost.
const logger = (out: string): string => `#!${node}
const fs = require("fs");
const fd = fs.openSync(${JSON.stringify(out)}, "a");
process.stdin.on("data", (d) => fs.writeSync(fd, d));
process.stdin.on("end", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));
fs.writeSync(3, "\\n");
fs.closeSync(3);
`;

/** Spacing between the blows of a scenario; nothing waits on this for a state. */
const pace = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

const withS6 = haveS6("log pipe across restarts");
async function scenario(killSignal: "k" | "t"): Promise<Verdict> {
  const scandir = tmpScandir("logs");
  let tree: Tree | undefined;
  try {
    tree = await startTree("ts6", scandir);
    return await exercise(tree, killSignal);
  } finally {
    await tree?.stop().catch(() => undefined);
    removeScandir(scandir);
  }
}

async function exercise(tree: Tree, killSignal: "k" | "t"): Promise<Verdict> {
  const scandir = tree.scandir;
  const out = join(scandir, "logged.txt");
  writeService(scandir, "prod", {
    run: producer, "notification-fd": "3\n", "log/run": logger(out), "log/notification-fd": "3\n",
  });
  const prod = join(scandir, "prod");
  const log = join(scandir, "prod/log");
  const started = Date.now();
  // Each side runs a while between blows: twenty of each over at least ten seconds.
  const cycle = async (dir: string, cmd: string): Promise<void> => {
    for (let i = 0; i < 20; i++) {
      await svwait("-U", dir);
      await pace(500);
      await run("/usr/bin/s6-svc", [cmd, dir]);
      await svwait("-d", dir);
    }
  };
  await Promise.all([cycle(prod, "-r"), cycle(log, `-${killSignal}`)]);
  await pace(10_000 - (Date.now() - started));
  // Stop the producer first and let a live logger drain the pipe before the tree goes.
  await run("/usr/bin/s6-svc", ["-d", prod]);
  await svwait("-D", prod);
  await svwait("-U", log);
  const counter = Number(readFileSync(join(prod, "counter"), "utf8"));
  expect(await tree.stop(15_000)).toBe(0);
  const v = verifyCounted(readFileSync(out, "utf8"));
  console.log(`logger ${killSignal === "k" ? "SIGKILL" : "SIGTERM"} x20, producer restarted x20: ` +
    `${counter} lines written, last logged ${v.last}, ${v.gaps} gaps (${v.missing} lines lost), ${v.fragments} partial lines`);
  expect(v.last).toBe(counter);
  expect(v.disorder).toBe(0);
  return v;
}

describe.skipIf(!withS6)("log pipe across restarts", () => {
  it.concurrent("loses nothing when the logger is stopped with SIGTERM", async () => {
    const v = await scenario("t");
    expect(v.gaps).toBe(0);
    expect(v.fragments).toBe(0);
  }, 90_000);

  it.concurrent("loses at most what a SIGKILLed logger had read and not written", async () => {
    const v = await scenario("k");
    // Each kill can lose one chunk at most: one gap, with a partial line at each edge.
    expect(v.gaps).toBeLessThanOrEqual(20);
    expect(v.fragments).toBeLessThanOrEqual(40);
  }, 90_000);
});
