import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";

export const FIGURES = ["start", "memory", "fds", "startup", "roundtrip", "restart", "idle", "crashloop"] as const;
export type FigureId = (typeof FIGURES)[number];

export interface BenchOptions {
  only: readonly FigureId[];
  reps: number;
  /** Busy loops running beside the trees, one run of the figures per entry (0: a quiet machine). */
  load: readonly number[];
  /** Scanner starts on an empty scan directory per repetition. */
  starts: number;
  /** Service counts for the memory figure. */
  services: readonly number[];
  /** Services in the fd figure (and 1, for what a tree holds without them). */
  fdServices: number;
  /** Service counts for the time-to-ready figure. */
  readyServices: readonly number[];
  /** Round trips of each kind (up, down) per repetition. */
  roundtrips: number;
  /** SIGKILL-to-ready samples per repetition. */
  restarts: number;
  idleServices: number;
  idleSeconds: number;
  crashServices: number;
  crashSeconds: number;
  /** Crash-loop seconds measured apart, before the steady-state window. */
  crashWarmup: number;
  /** Quiet time after a tree is up before memory or CPU is read. */
  settleMs: number;
  /** Where the results JSON goes; default bench/results/<time>.json. */
  json: string | undefined;
  /** Node options for ts6-svscan, e.g. --cpu-prof: to profile it inside a figure. */
  ts6NodeArgs: readonly string[];
  /** Where the scan directories go: a tmpfs by default, as /run is on a booted system. */
  tmpdir: string;
}

export const FULL: Omit<BenchOptions, "only" | "json" | "ts6NodeArgs" | "tmpdir"> = {
  reps: 3,
  load: [0],
  starts: 20,
  services: [1, 10, 100, 1000, 5000],
  fdServices: 1000,
  readyServices: [1000, 5000, 10000],
  roundtrips: 500,
  restarts: 10,
  idleServices: 1000,
  idleSeconds: 60,
  crashServices: 100,
  crashSeconds: 20,
  crashWarmup: 20,
  settleMs: 2000,
};

/** Tiny sizes: every figure, each measured once, in well under 20 s. */
export const SMOKE: Omit<BenchOptions, "only" | "json" | "ts6NodeArgs" | "tmpdir"> = {
  reps: 1,
  load: [0],
  starts: 2,
  services: [1, 5],
  fdServices: 5,
  readyServices: [20],
  roundtrips: 10,
  restarts: 1,
  idleServices: 20,
  idleSeconds: 1,
  crashServices: 5,
  crashSeconds: 1,
  crashWarmup: 1,
  settleMs: 200,
};

/** /dev/shm when there is one: supervise/ and event/ churn is then not a benchmark of the disk. */
export function defaultTmpdir(): string {
  return existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
}

export const USAGE = `usage: npm run bench -- [options]
  --smoke                tiny sizes, every figure once (< 20 s)
  --only LIST            figures to run, comma-separated: ${FIGURES.join(",")}
  --reps N               repetitions of each measurement (default ${FULL.reps})
  --load LIST            busy loops running beside both trees, e.g. 0,2: every figure once per entry (default 0)
  --starts N             scanner starts on an empty scan directory per repetition (default ${FULL.starts})
  --services LIST        service counts for the memory figure (default ${FULL.services.join(",")})
  --fd-services N        services in the fd figure (default ${FULL.fdServices})
  --ready-services LIST  service counts for the time-to-ready figure (default ${FULL.readyServices.join(",")};
                         a size the open-file limit cannot hold is skipped, and said so)
  --roundtrips N         s6-svc -wU -u and -wD -d round trips per repetition (default ${FULL.roundtrips})
  --restarts N           SIGKILL-to-ready samples per repetition (default ${FULL.restarts})
  --idle-services N      services while idle CPU is measured (default ${FULL.idleServices})
  --idle-seconds S       idle CPU window (default ${FULL.idleSeconds})
  --crash-services N     crash-looping services (default ${FULL.crashServices})
  --crash-seconds S      crash-loop CPU window, the steady state (default ${FULL.crashSeconds})
  --crash-warmup S       crash-loop seconds measured apart before it (default ${FULL.crashWarmup})
  --settle-ms MS         quiet time before memory or CPU is read (default ${FULL.settleMs})
  --tmpdir DIR           where the scan directories go (default ${defaultTmpdir()}: a tmpfs, as /run is)
  --json FILE            where to write every sample (default bench/results/<time>.json)
  --ts6-node-args=ARGS   node options for ts6-svscan, space-separated (e.g. --ts6-node-args="--cpu-prof --cpu-prof-dir=/abs/dir")
Later options override --smoke's sizes.`;

export class UsageError extends Error {}

function positive(name: string, text: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new UsageError(`--${name}: not a positive number: ${text}`);
  return n;
}

function count(name: string, text: string, allowZero = false): number {
  const n = positive(name, text, allowZero);
  if (!Number.isInteger(n)) throw new UsageError(`--${name}: not a whole number: ${text}`);
  return n;
}

function figureList(text: string): FigureId[] {
  return text.split(",").map((f) => {
    const id = FIGURES.find((known) => known === f.trim());
    if (id === undefined) throw new UsageError(`--only: unknown figure ${f}; known: ${FIGURES.join(",")}`);
    return id;
  });
}

type ListKey = "load" | "services" | "readyServices";
type NumericKey = Exclude<keyof BenchOptions, ListKey | "only" | "json" | "ts6NodeArgs" | "tmpdir">;

/** Each numeric flag, the option it sets and how its text is read. */
const NUMERIC: ReadonlyArray<readonly [flag: string, key: NumericKey, read: (flag: string, text: string) => number]> = [
  ["reps", "reps", count],
  ["starts", "starts", count],
  ["fd-services", "fdServices", count],
  ["roundtrips", "roundtrips", count],
  ["restarts", "restarts", count],
  ["idle-services", "idleServices", count],
  ["idle-seconds", "idleSeconds", (f, t) => positive(f, t)],
  ["crash-services", "crashServices", count],
  ["crash-seconds", "crashSeconds", (f, t) => positive(f, t)],
  ["crash-warmup", "crashWarmup", (f, t) => positive(f, t)],
  ["settle-ms", "settleMs", (f, t) => positive(f, t, true)],
];

/** Each list flag, the option it sets and whether 0 is allowed in it. */
const LISTS: ReadonlyArray<readonly [flag: string, key: ListKey, allowZero: boolean]> = [
  ["load", "load", true],
  ["services", "services", false],
  ["ready-services", "readyServices", false],
];

function wholeNumbers(flag: string, text: string, allowZero: boolean): number[] {
  return text.split(",").map((s) => count(flag, s, allowZero));
}

/** @throws UsageError, with a message fit for the user. */
export function parseOptions(argv: readonly string[]): BenchOptions | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        smoke: { type: "boolean" },
        only: { type: "string" },
        json: { type: "string" },
        tmpdir: { type: "string" },
        "ts6-node-args": { type: "string" },
        ...Object.fromEntries([...NUMERIC, ...LISTS].map(([flag]) => [flag, { type: "string" as const }])),
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help === true) return "help";
  const text = (flag: string): string | undefined => {
    const v = values[flag];
    return typeof v === "string" ? v : undefined;
  };
  const opts: BenchOptions = {
    ...(values.smoke === true ? SMOKE : FULL),
    only: FIGURES,
    json: text("json"),
    ts6NodeArgs: text("ts6-node-args")?.split(" ").filter((a) => a !== "") ?? [],
    tmpdir: text("tmpdir") ?? defaultTmpdir(),
  };
  const only = text("only");
  if (only !== undefined) opts.only = figureList(only);
  for (const [flag, key, allowZero] of LISTS) {
    const t = text(flag);
    if (t !== undefined) opts[key] = wholeNumbers(flag, t, allowZero);
  }
  for (const [flag, key, read] of NUMERIC) {
    const t = text(flag);
    if (t !== undefined) opts[key] = read(flag, t);
  }
  // The fd figure compares this size with a tree of 1.
  if (opts.fdServices < 2) throw new UsageError(`--fd-services: at least 2, not ${opts.fdServices}`);
  return opts;
}
