import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mkfifo } from "@ts6/native";
import { afterEach, describe, expect, it } from "vitest";
import { CopyError, copyServiceTree } from "../src/svscan/copy-tree.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "ts6-copy-"));
  made.push(dir);
  return dir;
}

const mode = (path: string): number => lstatSync(path).mode & 0o7777;

/** An image's tree, with what a live system would have left in it. */
function image(): string {
  const src = tmp();
  mkdirSync(join(src, "web", "log", "supervise"), { recursive: true });
  mkdirSync(join(src, "web", "supervise"));
  mkdirSync(join(src, "web", "data"));
  mkdirSync(join(src, ".s6-svscan"));
  writeFileSync(join(src, "web", "run"), "#!/bin/sh\n", { mode: 0o750 });
  writeFileSync(join(src, "web", "log", "run"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(src, "web", "supervise", "lock"), "");
  writeFileSync(join(src, "web", "data", "event"), "a file called event, kept\n");
  writeFileSync(join(src, ".s6-svscan", "finish"), "#!/bin/sh\n", { mode: 0o700 });
  writeFileSync(join(src, ".s6-svscan", "lock"), "");
  mkfifo(join(src, "web", "fifo"), 0o600);
  symlinkSync("../elsewhere/missing", join(src, "web", "dangling"));
  symlinkSync("web", join(src, "alias"));
  chmodSync(join(src, "web"), 0o555);
  return src;
}

describe("copyServiceTree (--copy-from)", () => {
  it("copies files with their modes and symlinks verbatim; leaves out FIFOs and what a supervisor or scanner owns", () => {
    const dst = join(tmp(), "services");
    copyServiceTree(image(), dst);
    expect(mode(join(dst, "web", "run"))).toBe(0o750);
    expect(mode(join(dst, ".s6-svscan", "finish"))).toBe(0o700);
    // Its owner may create supervise/ in it.
    expect(mode(join(dst, "web"))).toBe(0o755);
    expect(readlinkSync(join(dst, "web", "dangling"))).toBe("../elsewhere/missing");
    expect(readlinkSync(join(dst, "alias"))).toBe("web");
    expect(readFileSync(join(dst, "web", "data", "event"), "utf8")).toBe("a file called event, kept\n");
    for (const gone of ["web/fifo", "web/supervise", "web/log/supervise", ".s6-svscan/lock"]) expect(existsSync(join(dst, gone)), gone).toBe(false);
  });

  it("copies again over a first copy, keeping what the supervisors made there and the scan directory's own mode", () => {
    const src = image();
    const dst = tmp();
    chmodSync(dst, 0o751);
    copyServiceTree(src, dst);
    mkdirSync(join(dst, "web", "supervise"));
    writeFileSync(join(dst, "web", "supervise", "status"), "state");
    copyServiceTree(src, dst);
    expect(readFileSync(join(dst, "web", "supervise", "status"), "utf8")).toBe("state");
    expect(mode(dst)).toBe(0o751);
    expect(mode(join(dst, "web", "run"))).toBe(0o750);
  });

  it("a source that is no directory, or not there: an error naming it", () => {
    const file = join(tmp(), "file");
    writeFileSync(file, "");
    expect(() => copyServiceTree(file, join(tmp(), "x"))).toThrow(new CopyError(`${file} is not a directory`));
    expect(() => copyServiceTree("/nonexistent/services", join(tmp(), "x"))).toThrow(new CopyError("unable to read /nonexistent/services: No such file or directory"));
  });
});
