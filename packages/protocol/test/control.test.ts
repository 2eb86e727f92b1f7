import * as fs from "node:fs";
import * as path from "node:path";
import { mkfifo } from "@ts6/native";
import { isSupervised, readStatusFile, svcControlPath, writeControl } from "@ts6/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { HAVE_S6, cleanup, makeService, run, stop, supervise, tmpDir, waitEvents } from "./helpers/s6.js";

afterEach(cleanup);

describe("writeControl", () => {
  it("a fifo nobody reads: ENXIO, supervisor not listening", () => {
    const fifo = path.join(tmpDir(), "control");
    mkfifo(fifo, 0o600);
    expect(() => writeControl(fifo, "u")).toThrow(
      expect.objectContaining({ code: "ENXIO", message: `${fifo}: supervisor not listening` }),
    );
  });

  it("no fifo: ENOENT", () => {
    expect(() => writeControl(svcControlPath(tmpDir()), "u")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  it("writes all the bytes in one go", () => {
    const fifo = path.join(tmpDir(), "control");
    mkfifo(fifo, 0o600);
    const rfd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      writeControl(fifo, "dx");
      const buf = Buffer.alloc(16);
      expect(buf.toString("latin1", 0, fs.readSync(rfd, buf))).toBe("dx");
    } finally {
      fs.closeSync(rfd);
    }
  });

  it("svcControlPath", () => {
    expect(svcControlPath("/run/service/foo")).toBe("/run/service/foo/supervise/control");
  });
});

describe.runIf(HAVE_S6)("control and liveness against a real s6-supervise", () => {
  it("commands take effect", async () => {
    const dir = makeService(tmpDir(), "svc", { run: "#!/bin/sh\nexec sleep 1000\n", down: true });
    await supervise(dir);
    await waitEvents(dir, /u/, () => writeControl(svcControlPath(dir), "u"));
    expect(readStatusFile(dir)).toMatchObject({ wantUp: true, finishing: false });
    expect(readStatusFile(dir).pid).toBeGreaterThan(0);
    await waitEvents(dir, /D/, () => writeControl(svcControlPath(dir), "dD"));
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, wantUp: false, wstat: 15 });
    // D also creates ./down, as s6 documents.
    expect(fs.existsSync(path.join(dir, "down"))).toBe(true);
  });

  it("isSupervised follows the supervisor's lock, like s6-svok", async () => {
    const root = tmpDir();
    const dir = makeService(root, "svc", { run: "#!/bin/sh\nexec sleep 1000\n", down: true });
    expect(isSupervised(dir)).toBe(false);
    expect(isSupervised(path.join(root, "missing"))).toBe(false);
    const sup = await supervise(dir);
    expect(isSupervised(dir)).toBe(true);
    expect((await run("s6-svok", [dir])).code).toBe(0);
    await stop(sup);
    expect(fs.existsSync(path.join(dir, "supervise", "lock"))).toBe(true);
    expect(isSupervised(dir)).toBe(false);
    expect((await run("s6-svok", [dir])).code).toBe(1);
    expect(() => writeControl(svcControlPath(dir), "u")).toThrow(expect.objectContaining({ code: "ENXIO" }));
  });

  it("isSupervised throws on errors other than a missing lock", () => {
    const file = path.join(tmpDir(), "file");
    fs.writeFileSync(file, "");
    expect(() => isSupervised(file)).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });
});
