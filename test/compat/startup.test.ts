import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { haveS6 } from "../helpers/s6.js";
import { Sandbox } from "../helpers/sandbox.js";
import { SLEEPER, type ServiceFiles, writeServiceDir } from "../helpers/service-dir.js";
import { ENGINES, type Engine } from "../helpers/supervisor.js";
import { listDir } from "../helpers/supervise-files.js";

/*
 * A supervisor that cannot start exits as s6-supervise does: the same
 * code, a message saying the same thing, and the same files left behind.
 */

interface Failure {
  name: string;
  /** The directory argument; default "svc". */
  arg?: string[];
  files?: ServiceFiles;
  prepare?(dir: string): void;
  code: number;
  /** Matches both s6's and ts6's wording. */
  message: RegExp;
}

const FAILURES: Failure[] = [
  { name: "no argument", arg: [], code: 100, message: /usage: t?s6-supervise dir/ },
  { name: "a directory that does not exist", arg: ["nowhere"], code: 111, message: /unable to chdir to nowhere/ },
  { name: "an empty argument", arg: [""], code: 111, message: /unable to chdir to / },
  { name: "a file, not a directory", arg: ["plain"], prepare: (d) => writeFileSync(join(d, "..", "plain"), ""), code: 111, message: /unable to chdir to plain/ },
  { name: "supervise is a file", files: { run: SLEEPER, supervise: "" }, code: 100, message: /supervise exists and is not a directory/ },
  { name: "event is a file", files: { run: SLEEPER, event: "" }, code: 100, message: /event exists and is not a directory/ },
  {
    name: "supervise/control is not a FIFO",
    files: { run: SLEEPER, "supervise/control": "" },
    code: 100,
    message: /supervise\/control is not a FIFO/,
  },
  {
    name: "supervise/death_tally cannot be truncated",
    files: { run: SLEEPER },
    prepare: (d) => mkdirSync(join(d, "supervise", "death_tally"), { recursive: true }),
    code: 111,
    message: /unable to truncate \S*supervise\/death_tally/,
  },
  {
    name: "./down cannot be checked",
    files: { run: SLEEPER, down: { symlink: "down" } },
    code: 111,
    message: /unable to access \S*down/,
  },
  {
    name: "supervise/lock cannot be opened",
    files: { run: SLEEPER },
    prepare: (d) => mkdirSync(join(d, "supervise", "lock"), { recursive: true }),
    code: 111,
    message: /unable to open \S*supervise\/lock/,
  },
];

async function failOnce(box: Sandbox, engine: Engine, f: Failure): Promise<{ code: number | null; stderr: string; left: unknown }> {
  const root = join(box.path, engine);
  const dir = join(root, "svc");
  writeServiceDir(dir, f.files ?? { run: SLEEPER });
  f.prepare?.(dir);
  const sup = box.start(engine, { cwd: root, dir: "svc", args: f.arg });
  const exit = await sup.waitExit();
  return { code: exit.code, stderr: sup.stderr, left: listDir(dir) };
}

if (haveS6("s6-supervise start-up failures")) {
  describe.concurrent("a supervisor that cannot start", () => {
    for (const f of FAILURES) {
      test(f.name, async ({ onTestFinished }) => {
        const box = new Sandbox();
        onTestFinished(() => box.close());
        const [real, ours] = await Promise.all(ENGINES.map((e) => failOnce(box, e, f)));
        expect(real!.code, real!.stderr).toBe(f.code);
        expect(real!.stderr).toMatch(f.message);
        expect(ours!.code, ours!.stderr).toBe(f.code);
        expect(ours!.stderr).toMatch(f.message);
        expect(ours!.left, "what ts6-supervise left in the service dir").toEqual(real!.left);
      });
    }
  });
}
