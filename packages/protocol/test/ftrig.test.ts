import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { mkfifo } from "@ts6/native";
import { listen, makeFifodir, notify, tainNow, tainToText } from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, run, tmpDir } from "./helpers/s6.js";

afterEach(cleanup);

const NAME = /^ftrig1:@[0-9a-f]{24}:[A-Za-z0-9_-]{6}$/;

function fifodir(): string {
  const dir = path.join(tmpDir(), "event");
  makeFifodir(dir, -1);
  return dir;
}

/** A listener's name with a timestamp of now, as s6 would make it. */
function listenerName(suffix = "ABCDEF"): string {
  return `ftrig1:${tainToText(tainNow())}:${suffix}`;
}

function received(dir: string): { got: () => string; wait: (s: string) => Promise<void>; close: () => void } {
  let got = "";
  let wake = (): void => {};
  const l = listen(dir, (b) => {
    got += b.toString();
    wake();
  });
  return {
    got: () => got,
    close: () => l.close(),
    wait: (s) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never received ${JSON.stringify(s)}, got ${JSON.stringify(got)}`)), 5000);
        wake = () => {
          if (got.includes(s)) {
            clearTimeout(timer);
            resolve();
          }
        };
        wake();
      }),
  };
}

describe.runIf(HAVE_S6)("ftrig against real s6", () => {
  it("notify wakes a real s6-ftrig-listen1", async () => {
    const dir = fifodir();
    const child = spawn("s6-ftrig-listen1", ["-t", "5000", dir, "ab+c", "echo", "subscribed"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // s6-ftrig-listen1 starts its program only once it has subscribed; its
    // regex sees everything received so far, unanchored (REG_NOTBOL).
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    const fifos = fs.readdirSync(dir);
    expect(fifos).toHaveLength(1);
    expect(fifos[0]).toMatch(NAME);
    expect(notify(dir, "ab")).toBe(1);
    expect(notify(dir, Buffer.from("bc"))).toBe(1);
    expect(await exit).toBe(0);
  });

  it("a real s6-ftrig-notify wakes listen", async () => {
    const dir = fifodir();
    const r = received(dir);
    const r2 = received(dir);
    const result = await run("s6-ftrig-notify", [dir, "hello"]);
    expect(result.code).toBe(0);
    await r.wait("hello");
    await r2.wait("hello");
    r.close();
    r2.close();
  });

  it("s6-mkfifodir and makeFifodir make the same directory", async () => {
    const root = tmpDir();
    for (const [args, gid] of [[[], -1], [["-g", "0"], 0]] as const) {
      const theirs = path.join(root, `s6-${gid}`);
      const ours = path.join(root, `ts6-${gid}`);
      expect((await run("s6-mkfifodir", [...args, theirs])).code).toBe(0);
      makeFifodir(ours, gid);
      const a = fs.statSync(theirs);
      const b = fs.statSync(ours);
      expect(b.mode.toString(8)).toBe(a.mode.toString(8));
      expect(b.gid).toBe(a.gid);
    }
  });
});

describe("listen", () => {
  it("creates a 0600 fifo named as s6 does, and close removes it", () => {
    const dir = fifodir();
    const l = listen(dir, () => {});
    const name = path.basename(l.path);
    expect(name).toMatch(NAME);
    expect(name).toHaveLength(39);
    expect(fs.readdirSync(dir)).toEqual([name]);
    const st = fs.statSync(l.path);
    expect(st.isFIFO()).toBe(true);
    expect(st.mode & 0o7777).toBe(0o600);
    l.close();
    l.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("gets bytes from our own notify, across several notifications", async () => {
    const dir = fifodir();
    const r = received(dir);
    expect(notify(dir, "u")).toBe(1);
    expect(notify(dir, "dD")).toBe(1);
    await r.wait("udD");
    r.close();
    expect(notify(dir, "x")).toBe(0);
  });
});

describe("notify", () => {
  it("removes a stale fifo (no reader) and skips names that do not match", () => {
    const dir = fifodir();
    const stale = listenerName();
    const skipped = [
      "ftrig1:@short",
      "." + listenerName(),
      listenerName("ABCDEFG"),
      "xtrig1:@" + listenerName().slice(8),
      "something-else",
    ];
    for (const name of [stale, ...skipped]) mkfifo(path.join(dir, name), 0o600);
    // Opening any of the skipped ones for writing would have failed with
    // ENXIO and removed it: their survival proves they were never touched.
    expect(notify(dir, "x")).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([...skipped].sort());
  });

  it("survives a reader that went away", () => {
    const dir = fifodir();
    const name = path.join(dir, listenerName());
    mkfifo(name, 0o600);
    const fd = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    fs.closeSync(fd);
    expect(() => notify(dir, "d")).not.toThrow();
    expect(fs.existsSync(name)).toBe(false);
  });

  it("does not block on a full fifo and keeps it (the reader is alive)", () => {
    const dir = fifodir();
    const name = path.join(dir, listenerName());
    mkfifo(name, 0o600);
    const fd = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      // More than a pipe holds: a short write, not a delivery.
      expect(notify(dir, Buffer.alloc(1 << 20, "u"))).toBe(0);
      // Now full: EAGAIN, ignored.
      expect(notify(dir, "u")).toBe(0);
      expect(fs.existsSync(name)).toBe(true);
    } finally {
      fs.closeSync(fd);
    }
  });

  it("throws when the fifodir cannot be read", () => {
    expect(() => notify(path.join(tmpDir(), "missing"), "x")).toThrow(/ENOENT/);
  });
});

describe("makeFifodir", () => {
  it("creates 01733 without a group and 03730 with one", () => {
    const root = tmpDir();
    makeFifodir(path.join(root, "public"), -1);
    expect(fs.statSync(path.join(root, "public")).mode & 0o7777).toBe(0o1733);
    makeFifodir(path.join(root, "group"), process.getegid!());
    const st = fs.statSync(path.join(root, "group"));
    expect(st.mode & 0o7777).toBe(0o3730);
    expect(st.gid).toBe(process.getegid!());
    makeFifodir(path.join(root, "custom"), -1, 0o700);
    expect(fs.statSync(path.join(root, "custom")).mode & 0o7777).toBe(0o700);
  });

  it("leaves an existing directory alone and refuses a non-directory", () => {
    const root = tmpDir();
    const dir = path.join(root, "event");
    fs.mkdirSync(dir, 0o755);
    fs.chmodSync(dir, 0o755);
    makeFifodir(dir, -1);
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o755);
    const file = path.join(root, "file");
    fs.writeFileSync(file, "");
    expect(() => makeFifodir(file, -1)).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });
});
