import { closeSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDeadline } from "../helpers/deadline.js";
import { type NativeBinding } from "../../packages/native/src/binding.js";
import { waitAsleep } from "../helpers/proc.js";
import { compileAddon, dynamicSymbols } from "./compile-addon.js";
import { removeDir } from "./package.js";

// Where the C library has no posix_spawn_file_actions_addclosefrom_np (musl,
// glibc before 2.34), spawn marks every fd above the map close-on-exec in the
// parent instead. This builds the addon as such a C library would see it
// (the weak reference renamed to a symbol nobody defines) and checks that a
// child still gets exactly its mapped fds.
let out = "";
let raw: NativeBinding;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "ts6-noclosefrom-"));
  const addon = join(out, "ts6_native.node");
  await compileAddon("cc", addon, ["posix_spawn_file_actions_addclosefrom_np=ts6_no_closefrom_np"]);
  const weak = (await dynamicSymbols(addon, "--undefined-only")).find((s) => s.name === "ts6_no_closefrom_np");
  expect(weak?.kind).toBe("w");
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

describe("spawn without posix_spawn_file_actions_addclosefrom_np", () => {
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
