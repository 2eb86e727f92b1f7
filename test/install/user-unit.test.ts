import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { writeServiceDir } from "../helpers/service-dir.js";
import { TAG_VARIABLE, taggedPids } from "../helpers/tagged-processes.js";
import { exited, installGlobal, usePack } from "./package.js";

// The user unit's ExecStart and PATH, as systemd hands them to /bin/sh for a
// user whose home is `home`: %h is the home, $$ a dollar sign.
const UNIT = fileURLToPath(new URL("../../scandir-examples/user/ts6-svscan.service", import.meta.url));
function unit(home: string): { script: string; path: string } {
  const text = readFileSync(UNIT, "utf8").replaceAll("%h", home).replaceAll("$$", "$");
  const script = /^ExecStart=\/bin\/sh -c '(.*)'$/m.exec(text)?.[1];
  const path = /^Environment=PATH=(.*)$/m.exec(text)?.[1];
  if (!script || !path) throw new Error(`${UNIT}: no ExecStart=/bin/sh -c '...' or Environment=PATH=`);
  return { script, path };
}

const NVM_VERSION = "v20.19.0";
const fx = usePack();

function newHome(): string {
  const home = fx.tempDir("ts6-home-");
  writeServiceDir(join(home, ".local", "services", "svc"), {
    run: "#!/bin/sh\necho up > ../started\nexec sleep 1000\n",
  });
  return home;
}

/**
 * Runs the unit's ExecStart as systemd would, waits for its service, and
 * stops the tree with the ts6-svscanctl in `bin`.
 */
async function runUnit(home: string, bin: string): Promise<void> {
  const { script, path } = unit(home);
  const env = { HOME: home, PATH: path, [TAG_VARIABLE]: fx.tag };
  const scanner = spawn("/bin/sh", ["-c", script], { env, stdio: "ignore" });
  const services = join(home, ".local", "services");
  await waitFile(join(services, "started"), (t) => t === "up\n", 15_000);
  const ctl = await run(join(bin, "ts6-svscanctl"), ["-t", services], { env });
  expect(ctl.code, ctl.stderr).toBe(0);
  expect(await exited(scanner)).toBe(0);
  expect(taggedPids(fx.tag)).toEqual([]);
}

describe("the systemd user unit finds ts6-svscan where npm install -g put it", () => {
  it("in ~/.local/bin (npm config set prefix ~/.local)", async () => {
    const home = newHome();
    const installed = await installGlobal(fx.packed().tarball, {}, join(home, ".local"));
    expect(installed.install.code, installed.install.stderr).toBe(0);
    await runUnit(home, join(home, ".local", "bin"));
  });

  it("under nvm's default version", async () => {
    const home = newHome();
    const versionDir = join(home, ".nvm", "versions", "node", NVM_VERSION);
    const installed = await installGlobal(fx.packed().tarball, {}, versionDir);
    expect(installed.install.code, installed.install.stderr).toBe(0);
    // nvm.sh as far as the unit uses it: `nvm use --silent default` puts the
    // default version's bin directory first on PATH.
    writeFileSync(
      join(home, ".nvm", "nvm.sh"),
      `nvm() { [ "$*" = "use --silent default" ] && PATH="${join(versionDir, "bin")}:$PATH"; }\n`,
    );
    await runUnit(home, join(versionDir, "bin"));
  });

  it("and says so when there is none", async () => {
    const home = newHome();
    const { script, path } = unit(home);
    const r = await run("/bin/sh", ["-c", script], { env: { HOME: home, PATH: path } });
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/ts6-svscan: not found/);
  });
});
