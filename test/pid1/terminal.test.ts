import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, type TestContext } from "vitest";
import { readIfExists, waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SLEEPER } from "../helpers/service-dir.js";
import { taggedPids } from "../helpers/tagged-processes.js";
import { TS6_SVSCAN, removeScandir, svwait, tmpScandir, writeControlScripts, writeService } from "../svscan/harness.js";
import { UNSHARE } from "./launch.js";
import { requireTools } from "./require.js";
import { type Terminal, openTerminal } from "./terminal.js";

const toolsOk = requireTools("ts6-svscan in a terminal", [UNSHARE]);
const PROMPT = "prompt> ";
const PID1 = [UNSHARE, "--pid", "--fork", "--mount-proc"];
const SVSCAN = [process.execPath, TS6_SVSCAN];

interface Setup {
  scandir: string;
  results: string;
  /** Runs argv in a new terminal, killed with everything it started when the test ends. */
  terminal(argv: readonly string[]): Terminal;
}

/** Two services, one of them logged, each leaving its finish's arguments in results/. */
function setup(ctx: TestContext): Setup {
  const scandir = tmpScandir("tty");
  ctx.onTestFinished(() => removeScandir(scandir));
  const results = join(scandir, ".results");
  mkdirSync(results);
  const finish = '#!/bin/sh\necho "$@" > "$RESULTS/finish-$3"\n';
  writeService(scandir, "a", { run: SLEEPER, finish });
  writeService(scandir, "b", { run: "#!/bin/sh\necho hello from b\nexec sleep 100000\n", finish, "log/run": '#!/bin/sh\nexec cat > "$RESULTS/b.log"\n' });
  return {
    scandir, results,
    terminal: (argv) => {
      const t = openTerminal(argv, scandir, { RESULTS: results, PS1: PROMPT });
      ctx.onTestFinished(() => t.kill());
      return t;
    },
  };
}

/** Both services and b's logger: a tree brought down before its logger ever ran has nobody to read b's line. */
async function servicesUp(s: Setup): Promise<void> {
  await Promise.all(["a", "b", "b/log"].map((n) => svwait("-u", join(s.scandir, n), 10_000)));
}

/** The tree came down as `t` brings it down: both services got SIGTERM and their finish ran, the logger drained. */
function cameDownCleanly(s: Setup): void {
  for (const name of ["a", "b"]) expect(readIfExists(join(s.results, `finish-${name}`))).toBe(`256 15 ${name}\n`);
  expect(readFileSync(join(s.results, "b.log"), "utf8")).toBe("hello from b\n");
}

describe.skipIf(!toolsOk).concurrent("ts6-svscan in the foreground of a terminal", () => {
  it("Ctrl-C brings the tree down as t does and the shell gets its prompt back", async (ctx) => {
    const s = setup(ctx);
    const term = s.terminal(["sh"]);
    await term.waitFor(/prompt> $/);
    term.write(`${SVSCAN.join(" ")} ${s.scandir}; echo PROMPT-BACK $?\r`);
    await servicesUp(s);
    const mark = term.screen().length;
    term.write("\x03");
    await term.waitFor(/PROMPT-BACK 0\r\nprompt> $/, 10_000, mark);
    cameDownCleanly(s);
    // Nothing of the tree is left: the shell is all that carries the terminal's tag.
    expect(taggedPids(term.tag)).toEqual([term.pid]);
    term.write("exit\r");
    expect(await term.exited).toBe(0);
  });

  it("as PID 1 (docker run -it), Ctrl-C brings the tree down and the exit code is 0", async (ctx) => {
    const s = setup(ctx);
    const term = s.terminal([...PID1, ...SVSCAN, s.scandir]);
    await servicesUp(s);
    term.write("\x03");
    expect(await term.exited).toBe(0);
    cameDownCleanly(s);
  });

  it("as PID 1, a .s6-svscan/SIGINT script replaces what Ctrl-C does", async (ctx) => {
    const s = setup(ctx);
    writeControlScripts(s.scandir, { SIGINT: '#!/bin/sh\necho ran > "$RESULTS/sigint"\n' });
    const term = s.terminal([...PID1, ...SVSCAN, s.scandir]);
    await servicesUp(s);
    term.write("\x03");
    await waitFile(join(s.results, "sigint"), (t) => t === "ran\n");
    expect((await run(s6("s6-svscanctl"), ["-t", s.scandir])).code).toBe(0);
    expect(await term.exited).toBe(0);
    cameDownCleanly(s);
  });

  it("-- sh from a shell with stty tostop: the tree is not stopped when it logs while sh has the terminal", async (ctx) => {
    const s = setup(ctx);
    const term = s.terminal(["sh"]);
    await term.waitFor(/prompt> $/);
    term.write(`stty tostop; ${SVSCAN.join(" ")} ${s.scandir} -- sh; echo BACK $?\r`);
    await servicesUp(s);
    // An unknown control byte makes the scanner write a warning to the terminal.
    writeFileSync(join(s.scandir, ".s6-svscan", "control"), "X");
    const a = join(s.scandir, "a");
    const before = (await run(s6("s6-svstat"), ["-o", "pid", a])).stdout;
    expect((await run(s6("s6-svc"), ["-r", a])).code).toBe(0);
    // A stopped scanner would never restart it.
    await waitFile(join(s.results, "finish-a"), (t) => t.length > 0);
    await svwait("-u", a, 5000);
    expect((await run(s6("s6-svstat"), ["-o", "pid", a])).stdout).not.toBe(before);
    const mark = term.screen().length;
    term.write("exit 7\r");
    await term.waitFor(/BACK 7\r\nprompt> $/, 10_000, mark);
  });

  it("-- sh as PID 1: Ctrl-C goes to the shell, not to the tree; `exit 5` ends the tree with 5", async (ctx) => {
    const s = setup(ctx);
    const term = s.terminal([...PID1, ...SVSCAN, s.scandir, "--", "sh"]);
    await term.waitFor(/prompt> $/);
    await servicesUp(s);
    const a = join(s.scandir, "a");
    const before = (await run(s6("s6-svstat"), ["-o", "up,pid", a])).stdout;
    const mark = term.screen().length;
    term.write("\x03");
    // The shell answers Ctrl-C with a fresh prompt. A line typed before that
    // prompt may be read and then dropped by the shell's interrupt handling,
    // so the next line waits for it.
    await term.waitFor(/\^C\r\n(\r\n)?prompt> $/, 5000, mark);
    const afterInt = term.screen().length;
    term.write("echo still-$((40 + 2))\r");
    await term.waitFor(/still-42\r\nprompt> $/, 5000, afterInt);
    // The tree saw nothing: same run, no finish.
    expect((await run(s6("s6-svstat"), ["-o", "up,pid", a])).stdout).toBe(before);
    expect(readIfExists(join(s.results, "finish-a"))).toBeUndefined();
    term.write("exit 5\r");
    expect(await term.exited).toBe(5);
    cameDownCleanly(s);
  });
});
