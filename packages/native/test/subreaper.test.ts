import { closeSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipe, setSubreaper, spawn } from "@ts6/native";
import { installReaper, readLine, statFields, waitExit } from "./helpers.js";

beforeAll(installReaper);
afterAll(() => setSubreaper(false));

describe("child subreaper", () => {
  it("adopts and reaps an orphaned grandchild", async () => {
    setSubreaper(true);
    const report = pipe();
    const gate = pipe();
    // The grandchild prints its pid, then lives until the gate closes; its
    // parent exits at once, orphaning it.
    const child = spawn({
      file: "/bin/sh",
      argv: ["sh", "-c", `sh -c 'echo $$; exec cat <&3 >/dev/null' & exit 0`],
      fds: [[1, report.write], [2, 2], [3, gate.read]],
    });
    closeSync(report.write);
    closeSync(gate.read);
    const grandchild = Number(await readLine(report.read));
    expect(await waitExit(child)).toBe(0);
    expect(Number(statFields(grandchild)[1])).toBe(process.pid);
    closeSync(gate.write);
    expect(await waitExit(grandchild)).toBe(0);
  });
});
