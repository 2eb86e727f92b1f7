import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, test } from "vitest";
import { NODE_HEADERS, compileAddon, dynamicSymbols } from "./compile-addon.js";
import { removeDir } from "./package.js";

// No musl Node runs here: this compiles and links the addon against musl
// and Node's headers, and checks that every C library call it makes is one
// musl has. Debian's musl-tools provides musl-gcc; CI installs it.
const MUSL_GCC = "/usr/bin/musl-gcc";
const MUSL_LIBC = `/usr/lib/${process.arch === "arm64" ? "aarch64" : "x86_64"}-linux-musl/libc.so`;

const missing = [MUSL_GCC, MUSL_LIBC, join(NODE_HEADERS, "node_api.h")].filter((f) => !existsSync(f));
let out = "";
afterAll(() => removeDir(out));

if (missing.length > 0 && process.env["TS6_REQUIRE_S6"] !== "1") {
  console.warn(`SKIPPING the musl build check: ${missing.join(", ")} missing; apt-get install musl-tools`);
  test.skip("the addon builds against musl: needs musl-tools", () => undefined);
} else {
  describe("the addon against musl", () => {
    it("compiles with no warning and calls nothing musl lacks", async () => {
      expect(missing, "musl-gcc, musl's libc.so and Node's headers are needed (apt-get install musl-tools)").toEqual([]);
      out = mkdtempSync(join(tmpdir(), "ts6-musl-"));
      const addon = join(out, "ts6_native.node");
      await compileAddon(MUSL_GCC, addon);
      const musl = new Set((await dynamicSymbols(MUSL_LIBC, "--defined-only")).map((s) => s.name));
      // N-API and libuv (the pidfd watch's uv_poll) come from Node itself;
      // weak references may stay unresolved (the code checks them at run time).
      const lacking = (await dynamicSymbols(addon, "--undefined-only"))
        .filter((s) => s.kind === "U" && !/^(napi|uv)_/.test(s.name) && !musl.has(s.name))
        .map((s) => s.name);
      expect(lacking).toEqual([]);
    });
  });
}
