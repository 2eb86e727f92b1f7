import { describe, expect, it } from "vitest";
import { SvscanUsage, parseSvscanOptions } from "../src/svscan-options.js";

describe("ts6-svscan's container options", () => {
  it("reads --wait-ready with and without a value, and the others", () => {
    expect(parseSvscanOptions(["--wait-ready", "dir"]).waitReadyMs).toBe(5000);
    expect(parseSvscanOptions(["--wait-ready=250", "dir"])).toMatchObject({ waitReadyMs: 250, scandir: "dir" });
    expect(parseSvscanOptions(["--shutdown-timeout", "8000", "--copy-from", "/etc/services", "/run/services"]))
      .toMatchObject({ shutdownTimeoutMs: 8000, copyFrom: "/etc/services", scandir: "/run/services" });
    expect(parseSvscanOptions(["dir"])).not.toHaveProperty("waitReadyMs");
  });

  it.for([
    ["127.0.0.1:9000", { host: "127.0.0.1", port: 9000 }],
    ["0.0.0.0:0", { host: "0.0.0.0", port: 0 }],
    ["[::1]:9090", { host: "::1", port: 9090 }],
    [":9090", { host: "::", port: 9090 }],
  ] as const)("--http %s", ([arg, want]) => {
    expect(parseSvscanOptions(["--http", arg, "dir"]).http).toEqual(want);
  });

  it.for([
    [["--wait-ready=soon"], "--wait-ready needs a number of milliseconds"],
    [["--shutdown-timeout", "-1"], "--shutdown-timeout needs a number of milliseconds"],
    [["--shutdown-timeout"], `--shutdown-timeout needs a number of milliseconds, got "dir"`],
    [["--http", "localhost"], "--http needs ADDRESS:PORT"],
    [["--http", "127.0.0.1:70000"], "--http needs ADDRESS:PORT"],
    [["--copy-from="], "--copy-from needs a directory"],
  ] as const)("rejects %j", ([args, message]) => {
    expect(() => parseSvscanOptions([...args, "dir"])).toThrow(SvscanUsage);
    expect(() => parseSvscanOptions([...args, "dir"])).toThrow(message);
  });
});
