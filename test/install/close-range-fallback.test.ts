import { closeSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDeadline } from "../helpers/deadline.js";
import { type NativeBinding } from "../../packages/native/src/binding.js";
import { waitAsleep } from "../helpers/proc.js";
import { compileAddon } from "./compile-addon.js";
import { removeDir } from "./package.js";

// On a kernel without close_range (before 5.9), spawn marks every fd above
// the map close-on-exec in the parent instead (found through /proc/self/fd).
// This builds the addon with a close_range number no kernel has, so that
// every call of it fails as there, and checks that a child still gets
// exactly its mapped fds.
let out = "";
let raw: NativeBinding;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "ts6-noclose-range-"));
  const addon = join(out, "ts6_native.node");
  await compileAddon("cc", addon, ["TS6_CLOSE_RANGE_NR=4095"]);
  const module = { exports: {} };
  process.dlopen(module, addon);
  raw = module.exports as NativeBinding;
}, 120_000);

afterAll(() => removeDir(out));

/** This worker has no other child: reap() takes only this one. */
async function killAndReap(pid: number): Promise<void> {
  const gone = new Promise<void>((resolve) => {
    const drain = () => {
      if (raw.reap().includes(pid)) {
        process.off("SIGCHLD", drain);
        resolve();
      }
    };
    process.on("SIGCHLD", drain);
    drain();
  });
  process.kill(pid, "SIGKILL");
  await withDeadline(gone, 10_000, () => `exit of the sleep ${pid}`);
}

function openFds(pid: number): number[] {
  return readdirSync(`/proc/${pid}/fd`).map(Number).sort((a, b) => a - b);
}

describe("spawn on a kernel without close_range", () => {
  it("closes the fds above the map in the child, inheritable ones included", async () => {
    const [read, write] = raw.pipe();
    const high = 150;
    raw.dup2(read, high); // dup2 leaves it inheritable: a leak unless closed
    const env = Object.entries(process.env).map(([k, v]) => `${k}=${v}`);
    const pid = raw.spawn("/bin/sleep", ["sleep", "30"], null, env, Int32Array.from([0, 0, 2, 2, 5, write]), true, false);
    try {
      await waitAsleep(pid);
      expect(openFds(pid)).toEqual([0, 2, 5]);
    } finally {
      [read, write, high].forEach((fd) => closeSync(fd));
      await killAndReap(pid);
    }
  });
});
