import { existsSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventRecorder } from "../helpers/events.js";
import { waitFile } from "../helpers/files.js";
import { run } from "../helpers/run.js";
import { haveS6, s6 } from "../helpers/s6.js";
import { SLEEPER, script } from "../helpers/service-dir.js";
import { svstat } from "../helpers/svstat.js";
import {
  KINDS, type Kind, type Tree, removeScandir, startTree, svwait, tmpScandir, writeControlScripts, writeService,
} from "./harness.js";

/** What a scenario can do to a tree; every observation goes into `seen`, compared across kinds. */
class Ctx {
  readonly seen: string[] = [];
  constructor(readonly kind: Kind, readonly tree: Tree) {}

  get scandir(): string {
    return this.tree.scandir;
  }

  path(name: string): string {
    return join(this.scandir, name);
  }

  note(what: string, value: unknown): void {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    this.seen.push(`${what}: ${text.split(this.scandir).join("SCANDIR")}`);
  }

  async svstat(name: string): Promise<void> {
    const r = await svstat(this.path(name));
    this.note(`svstat ${name}`, `${String(r.code)} ${r.out.trim()} ${r.stderr.replace(/^s6-svstat: /, "").trim()}`);
  }

  async svc(args: string, name: string): Promise<void> {
    const r = await run(s6("s6-svc"), [args, this.path(name)]);
    this.note(`s6-svc ${args} ${name}`, r.code);
  }

  async ctl(args: string): Promise<void> {
    const r = await run(s6("s6-svscanctl"), [args, this.scandir]);
    this.note(`s6-svscanctl ${args}`, r.code);
  }

  async up(name: string, flag = "-u"): Promise<void> {
    await svwait(flag, this.path(name));
  }

  /** Runs `act` and waits for the supervisor of `name` to announce its exit. */
  async supervisorExit(name: string, act: () => Promise<void>): Promise<void> {
    const rec = new EventRecorder(join(this.path(name), "event"));
    try {
      await act();
      await rec.waitFor(/x/);
    } finally {
      rec.close();
    }
  }

  async exitCode(ms = 10_000): Promise<void> {
    const code = await Promise.race([this.tree.exited, new Promise<string>((r) => setTimeout(() => r("still running"), ms))]);
    this.note("exit", code);
  }

  signal(sig: NodeJS.Signals): void {
    process.kill(this.tree.pid, sig);
  }

  running(): boolean {
    return this.tree.running();
  }
}

interface Scenario {
  name: string;
  services?: Record<string, Record<string, string>>;
  control?: Record<string, string>;
  args?: string[];
  steps(c: Ctx): Promise<void>;
}

const FINISH_MARK = script('echo "$3 $1 $2" >> ../finished');
const marker = (file: string): string => script(`echo "$0" >> ${file}`);

const scenarios: Scenario[] = [
  {
    name: "services found at start and one added with -a",
    services: { a: { run: SLEEPER }, b: { run: SLEEPER } },
    async steps(c) {
      await c.up("a");
      await c.up("b");
      await c.svstat("a");
      writeService(c.scandir, "c", { run: SLEEPER });
      await c.ctl("-a");
      await c.up("c");
      await c.svstat("c");
    },
  },
  {
    name: "dot names and plain files are not services",
    services: { a: { run: SLEEPER }, ".hidden": { run: SLEEPER } },
    async steps(c) {
      writeFileSync(c.path("plain"), "not a service");
      await c.ctl("-a");
      await c.up("a");
      c.note("hidden supervised", existsSync(join(c.path(".hidden"), "supervise")));
      c.note("plain is a file", existsSync(c.path("plain")));
    },
  },
  {
    name: "two symlinks to one directory get one supervisor",
    services: { ".real": { run: SLEEPER } },
    async steps(c) {
      symlinkSync(".real", c.path("l1"));
      symlinkSync(".real", c.path("l2"));
      await c.ctl("-a");
      await c.up("l1");
      const pid = (n: string): string => readFileSync(join(c.path(n), "supervise", "status")).subarray(24, 32).toString("hex");
      c.note("one pid for both names", pid("l1") === pid("l2"));
      c.note("entries", readdirSync(c.scandir).filter((n) => !n.startsWith(".s6")).sort());
    },
  },
  {
    name: "a removed service keeps running until n",
    services: { a: { run: SLEEPER, finish: FINISH_MARK } },
    async steps(c) {
      await c.up("a");
      renameSync(c.path("a"), c.path(".gone"));
      await c.ctl("-a");
      await c.svstat(".gone");
      await c.supervisorExit(".gone", () => c.ctl("-n"));
      await c.svstat(".gone");
      c.note("finish", readFileSync(join(c.scandir, "finished"), "utf8"));
    },
  },
  {
    name: "h rescans and kills the inactive",
    services: { a: { run: SLEEPER }, b: { run: SLEEPER } },
    async steps(c) {
      await c.up("a");
      await c.up("b");
      renameSync(c.path("a"), c.path(".gone"));
      await c.supervisorExit(".gone", () => c.ctl("-h"));
      await c.svstat(".gone");
      await c.svstat("b");
    },
  },
  {
    name: "a logged service's output reaches its logger",
    services: { a: { run: script("echo hello from a\nexec sleep 100000"), "log/run": script("exec cat > ../../log.txt") } },
    async steps(c) {
      await c.up("a");
      await c.up("a/log");
      c.note("logged", await waitFile(c.path("log.txt"), (t) => t.includes("hello")));
    },
  },
  {
    name: "N takes down an inactive service and its logger",
    services: { a: { run: SLEEPER, "log/run": script("exec cat > /dev/null") } },
    async steps(c) {
      await c.up("a");
      await c.up("a/log");
      renameSync(c.path("a"), c.path(".gone"));
      await c.ctl("-a");
      await c.supervisorExit(".gone/log", () => c.ctl("-N"));
      await c.svstat(".gone");
      await c.svstat(".gone/log");
    },
  },
  {
    name: "t brings everything down: finish scripts run, exit 0",
    services: { a: { run: SLEEPER, finish: FINISH_MARK }, b: { run: SLEEPER, finish: FINISH_MARK } },
    async steps(c) {
      await c.up("a");
      await c.up("b");
      await c.ctl("-t");
      await c.exitCode();
      c.note("finished", readFileSync(c.path("finished"), "utf8").split("\n").sort());
    },
  },
  {
    name: "i is t",
    services: { a: { run: SLEEPER, finish: FINISH_MARK } },
    async steps(c) {
      await c.up("a");
      await c.ctl("-i");
      await c.exitCode();
      c.note("finish", readFileSync(c.path("finished"), "utf8"));
    },
  },
  {
    name: "b exits at once and leaves the services running",
    services: { a: { run: SLEEPER, finish: FINISH_MARK } },
    async steps(c) {
      await c.up("a");
      const pid = readFileSync(join(c.path("a"), "supervise", "status")).readBigUInt64BE(24);
      await c.ctl("-b");
      await c.exitCode();
      c.note("service still running", existsSync(`/proc/${pid}`));
      c.note("finish ran", existsSync(c.path("finished")));
    },
  },
  {
    name: "q brings everything down, loggers by TERM",
    services: { a: { run: SLEEPER, "log/run": script("exec cat > /dev/null") } },
    async steps(c) {
      await c.up("a/log");
      await c.ctl("-q");
      await c.exitCode();
    },
  },
  {
    name: ".s6-svscan/finish replaces the scanner, with its exit code",
    services: { a: { run: SLEEPER } },
    control: { finish: script("echo $$ > finish-pid\nexit 3") },
    async steps(c) {
      await c.up("a");
      await c.ctl("-t");
      await c.exitCode();
      c.note("finish ran as the scanner's pid", readFileSync(c.path("finish-pid"), "utf8").trim() === String(c.tree.pid));
    },
  },
  {
    name: "SIGTERM without a script is t",
    services: { a: { run: SLEEPER, finish: FINISH_MARK } },
    async steps(c) {
      await c.up("a");
      c.signal("SIGTERM");
      await c.exitCode();
      c.note("finish", readFileSync(c.path("finished"), "utf8"));
    },
  },
  {
    name: "a .s6-svscan/SIGTERM script replaces SIGTERM's default",
    services: { a: { run: SLEEPER } },
    control: { SIGTERM: marker("sigterm-ran") },
    async steps(c) {
      await c.up("a");
      c.signal("SIGTERM");
      c.note("script ran", await waitFile(c.path("sigterm-ran"), (t) => t.length > 0));
      c.note("still running", c.running());
      await c.svstat("a");
      await c.ctl("-t");
      await c.exitCode();
    },
  },
  {
    name: "SIGHUP without a script kills the inactive",
    services: { a: { run: SLEEPER }, b: { run: SLEEPER } },
    async steps(c) {
      await c.up("a");
      await c.up("b");
      renameSync(c.path("a"), c.path(".gone"));
      await c.supervisorExit(".gone", async () => c.signal("SIGHUP"));
      await c.svstat("b");
      c.note("still running", c.running());
    },
  },
  {
    name: "SIGUSR1 runs its script and nothing else",
    services: { a: { run: SLEEPER } },
    control: { SIGUSR1: marker("usr1-ran") },
    async steps(c) {
      await c.up("a");
      c.signal("SIGUSR1");
      c.note("script ran", await waitFile(c.path("usr1-ran"), (t) => t.length > 0));
      c.signal("SIGUSR2");
      c.signal("SIGWINCH");
      await c.ctl("-z");
      await c.svstat("a");
      c.note("still running", c.running());
    },
  },
  {
    name: "a supervisor that exits is restarted a second later",
    services: { a: { run: SLEEPER } },
    async steps(c) {
      await c.up("a");
      const t0 = Date.now();
      await c.supervisorExit("a", () => c.svc("-dx", "a"));
      await c.up("a", "-d");
      await c.svc("-u", "a");
      await c.up("a");
      const dt = Date.now() - t0;
      c.note("restarted after about a second", dt > 800 && dt < 3000);
      await c.svstat("a");
    },
  },
  {
    name: "-c limits the number of services",
    args: ["-c", "2"],
    services: { a: { run: SLEEPER }, b: { run: SLEEPER }, c: { run: SLEEPER } },
    async steps(c) {
      await c.ctl("-a");
      const supervised = (): number => ["a", "b", "c"].filter((n) => existsSync(join(c.path(n), "supervise", "status"))).length;
      await Promise.any(["a", "b", "c"].map((n) => c.up(n)));
      await c.ctl("-a");
      c.note("services started", supervised());
    },
  },
];

function setUp(scandir: string, sc: Scenario): void {
  for (const [name, files] of Object.entries(sc.services ?? {})) writeService(scandir, name, files);
  if (sc.control) writeControlScripts(scandir, sc.control);
}

async function play(kind: Kind, sc: Scenario): Promise<string[]> {
  const scandir = tmpScandir(`diff-${kind}`);
  let tree: Tree | undefined;
  try {
    setUp(scandir, sc);
    tree = await startTree(kind, scandir, sc.args ?? []);
    const c = new Ctx(kind, tree);
    await sc.steps(c);
    return c.seen;
  } finally {
    await tree?.stop().catch(() => undefined);
    removeScandir(scandir);
  }
}

const withS6 = haveS6("s6-svscan differential");
describe.skipIf(!withS6)("ts6-svscan behaves as s6-svscan", () => {
  for (const sc of scenarios) {
    it.concurrent(sc.name, async () => {
      const [s6Seen, ts6Seen] = await Promise.all(KINDS.map((k) => play(k, sc)));
      expect(ts6Seen).toEqual(s6Seen);
    }, 30_000);
  }
});
