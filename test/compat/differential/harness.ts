import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { type SupervisorStatus, readDeathTally, tainCompare, tainToUnixMs } from "@ts6/protocol";
import { readIfExists } from "../../helpers/files.js";
import { run } from "../../helpers/run.js";
import { s6 } from "../../helpers/s6.js";
import { type Sandbox, type SuperviseServiceOptions, type Supervised } from "../../helpers/sandbox.js";
import { type ServiceFiles } from "../../helpers/service-dir.js";
import { readStatus } from "../../helpers/status-file.js";
import { type Entry, superviseSnapshot } from "../../helpers/supervise-files.js";
import { type Engine, type Exit } from "../../helpers/supervisor.js";
import { ALL_FIELDS } from "../../helpers/svstat.js";

/**
 * One scenario played under one supervisor. What the scenario does goes
 * through here, so that everything a client saw lands in the transcript,
 * which must come out identical under s6-supervise and ts6-supervise.
 */
export class Play {
  readonly transcript: Array<[label: string, value: unknown]> = [];
  /** Date.now() as each s6-svc was started, by its arguments. */
  readonly sentAt = new Map<string, number>();
  /** Timing checks made during play, asserted once both runs are compared. */
  readonly timings: Array<{ what: string; ms: number; min: number; max: number }> = [];

  constructor(readonly s: Supervised, private readonly box: Sandbox) {}

  get engine(): Engine {
    return this.s.engine;
  }

  get dir(): string {
    return this.s.dir;
  }

  /**
   * Paths differ between the two runs (each has its root and its output
   * files); what is printed about them should not.
   */
  clean(text: string): string {
    const outputs = new RegExp(`${escape(this.box.path)}/t?s6-supervise-\\d+\\.`, "g");
    return text.replace(outputs, "OUTPUT.").split(this.s.root).join("ROOT");
  }

  note(label: string, value: unknown): void {
    this.transcript.push([label, value]);
  }

  /** Debian's s6-svc on the service; its exit code and messages are noted. */
  async svc(...args: string[]): Promise<number | null> {
    this.sentAt.set(args.join(" "), Date.now());
    const r = await this.s.svc(...args);
    this.note(`s6-svc ${args.join(" ")}`, { code: r.code, stdout: r.stdout, stderr: this.clean(r.stderr) });
    return r.code;
  }

  /**
   * Runs one of Debian's s6 programs to completion and notes what it did
   * (TAI64N stamps masked); "DIR" in `args` stands for the service dir.
   */
  async client(program: string, ...args: string[]): Promise<number | null> {
    const r = await this.clientResult(program, ...args);
    this.note(`${program} ${args.join(" ")}`, r);
    return r.code;
  }

  /** As client(), but noting nothing: for a client run alongside others, noted once they are done. */
  async clientResult(program: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const r = await run(s6(program), args.map((a) => (a === "DIR" ? this.dir : a)), { timeout: 10_000 });
    const stamps = (t: string): string => t.replace(/@[0-9a-f]{24}/g, "@STAMP");
    return { code: r.code, stdout: stamps(this.clean(r.stdout)), stderr: this.clean(r.stderr) };
  }

  /** Notes s6-svstat's legacy line and every -o field, pids and times masked. */
  async svstat(label = "svstat"): Promise<void> {
    const legacy = await this.s.svstat();
    const fields = await this.s.svstat(ALL_FIELDS);
    this.note(label, { code: legacy.code, legacy: legacy.out, fields: fields.out, stderr: this.clean(legacy.stderr), raw: this.raw() });
  }

  /**
   * supervise/status beyond what s6-svstat prints: the flags and wait
   * status bytes, whether there is a pid, and how the two stamps compare.
   */
  private raw(): unknown {
    const st = readStatus(this.dir);
    if (st === undefined) return "no status";
    const cmp = tainCompare(st.stamp, st.readyStamp);
    return {
      flags: { paused: st.paused, finishing: st.finishing, wantUp: st.wantUp, ready: st.ready },
      wstat: st.wstat.toString(16),
      pid: st.pid === 0 ? 0 : "PID",
      stamp: cmp < 0 ? "before readystamp" : cmp > 0 ? "after readystamp" : "= readystamp",
    };
  }

  /** Waits for the events so far to match `re`. */
  events(re: RegExp, ms = 5000): Promise<string> {
    return this.s.events.waitFor(re, ms);
  }

  /** The pid in supervise/status: run's while up, finish's while finishing. */
  statusPid(): number {
    const st = readStatus(this.dir);
    if (st === undefined || st.pid === 0) throw new Error(`no pid in ${this.dir}/supervise/status`);
    return st.pid;
  }

  /** Date.now() when `s6-svc ARGS` was started. */
  sent(args: string): number {
    const at = this.sentAt.get(args);
    if (at === undefined) throw new Error(`s6-svc ${args} was never sent`);
    return at;
  }

  /** supervise/status now, with its stamps in unix ms. */
  status(): SupervisorStatus & { stampMs: number; readyMs: number } {
    const st = readStatus(this.dir);
    if (st === undefined) throw new Error(`no supervise/status in ${this.dir}`);
    return { ...st, stampMs: tainToUnixMs(st.stamp), readyMs: tainToUnixMs(st.readyStamp) };
  }

  /**
   * Lines "WORD MS" that service scripts appended to ../times (with
   * STAMP): times taken by the services themselves, free of the lag with
   * which this busy test process reads events.
   */
  stamps(word: string): number[] {
    const text = readIfExists(join(this.s.root, "times")) ?? "";
    return [...text.matchAll(new RegExp(`^${word} (\\d+)$`, "gm"))].map((m) => Number(m[1]));
  }

  /** Records a timing to check, within [min, max] ms, once the runs are compared. */
  timing(what: string, ms: number, min: number, max: number): void {
    this.timings.push({ what, ms, min, max });
  }

  /** Starts another supervisor of the same kind on the same dir and waits for it to exit. */
  async second(ms = 10_000): Promise<{ exit: Exit; stderr: string }> {
    const sup = this.box.start(this.engine, { cwd: this.s.root, dir: this.s.name });
    const exit = await sup.waitExit(ms);
    return { exit, stderr: sup.stderr };
  }

  /** Waits for the supervisor to exit and notes how. */
  async exit(ms = 10_000): Promise<void> {
    const e = await this.s.sup.waitExit(ms);
    this.note("supervisor exit", e);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Everything compared between the two runs of a scenario. */
export interface Outcome {
  transcript: Play["transcript"];
  events: string;
  finishArgs: string | undefined;
  stdout: string;
  deathTally: Array<{ exitcode: number; sig: number }>;
  /** The mode of ./down, or false. */
  downFile: string | false;
  files: { supervise: Entry[]; dirs: Record<string, string> };
  supervisor: "running" | "exited";
}

export interface Scenario {
  name: string;
  files: ServiceFiles;
  options?: SuperviseServiceOptions;
  play(p: Play): Promise<void>;
  /** Diagnostics both supervisors must print (each in its own words). */
  warnings?: RegExp[];
}

function outcome(p: Play): Outcome {
  const tally = (() => {
    try {
      return readDeathTally(p.dir).map((r) => ({ exitcode: r.exitcode, sig: r.sig }));
    } catch (err) {
      return [{ exitcode: -1, sig: -1, error: String(err) }];
    }
  })();
  return {
    transcript: p.transcript,
    // Subscribed late, a recorder may or may not have seen the supervisor's "s".
    events: p.s.subscribedLate ? p.s.events.text.replace(/^s/, "") : p.s.events.text,
    finishArgs: readIfExists(join(p.s.root, "finish-args")),
    stdout: p.clean(p.s.sup.stdout),
    deathTally: tally,
    downFile: existsSync(join(p.dir, "down")) ? (statSync(join(p.dir, "down")).mode & 0o7777).toString(8) : false,
    files: superviseSnapshot(p.dir),
    supervisor: p.s.sup.running ? "running" : "exited",
  };
}

export interface Played {
  play: Play;
  outcome: Outcome;
}

/** Plays `sc` under both supervisors at once, each on its own copy of the service dir. */
export async function playBoth(box: Sandbox, sc: Scenario): Promise<Record<Engine, Played>> {
  const one = async (engine: Engine): Promise<Played> => {
    const s = await box.supervise(engine, sc.files, sc.options);
    const play = new Play(s, box);
    try {
      await sc.play(play);
    } catch (err) {
      throw new Error(`${sc.name} under ${engine}-supervise: ${String(err)}\nevents: ${JSON.stringify(s.events.text)}\nstderr: ${s.sup.stderr.slice(-2000)}`, { cause: err });
    }
    await s.events.sync();
    return { play, outcome: outcome(play) };
  };
  const [s6, ts6] = await Promise.allSettled([one("s6"), one("ts6")]);
  if (s6.status === "fulfilled" && ts6.status === "fulfilled") return { s6: s6.value, ts6: ts6.value };
  const failed = [s6, ts6].flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  throw failed.length === 1 ? failed[0] : new AggregateError(failed, failed.map(String).join("\n\n"));
}
