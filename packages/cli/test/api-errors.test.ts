import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Tree, startTree } from "ts6";
import { writeService } from "./helpers/state-tree.js";

/* The API's errors name the scan directory or the service, in words; never an errno on a path the caller never gave. */

describe("the JS API's errors", () => {
  let root = "";
  let tree: Tree | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "ts6-api-errors-"));
    writeService(join(root, "scandir", "web"), { files: { run: "#!/bin/sh\nexec sleep 100000\n" } });
    tree = await startTree(join(root, "scandir"));
  });
  afterAll(async () => {
    await tree?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test("startTree on a missing directory names it", async () => {
    const missing = join(root, "nope");
    await expect(startTree(missing)).rejects.toThrow(`startTree: unable to use scan directory ${missing}: No such file or directory`);
  });

  test("startTree on a file says it is not a directory", async () => {
    const file = join(root, "file");
    writeFileSync(file, "");
    await expect(startTree(file)).rejects.toThrow(`startTree: unable to use scan directory ${file}: Not a directory`);
  });

  test("a mistyped service name says which, and where", async () => {
    const scandir = join(root, "scandir");
    const typo = tree!.service("wbe");
    const expected = `no service "wbe" in ${scandir}: no such directory`;
    await expect(typo.waitFor("up", { timeout: 1000 })).rejects.toThrow(expected);
    expect(() => typo.send("u")).toThrow(expected);
    expect(() => typo.status()).toThrow(expected);
    await expect(tree!.service("web/log").waitFor("up")).rejects.toThrow(`no service "web/log" in ${scandir}: no such directory`);
  });
});
