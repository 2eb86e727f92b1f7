import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";

export const FIGURES = ["memory", "startup", "roundtrip", "restart", "idle", "crashloop"] as const;
export type FigureId = (typeof FIGURES)[number];

export interface BenchOptions {
  only: readonly FigureId[];
  reps: number;
  /** Service counts for the memory figure. */
  services: readonly number[];
  /** Services in the time-to-ready figure. */
  readyServices: number;
  /** Round trips of each kind (up, down) per repetition. */
  roundtrips: number;
  /** SIGKILL-to-ready samples per repetition. */
  restarts: number;
  idleServices: number;
  idleSeconds: number;
  crashServices: number;
  crashSeconds: number;
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
  services: [1, 10, 100, 1000],
  readyServices: 1000,
  roundtrips: 500,
  restarts: 10,
  idleServices: 1000,
  idleSeconds: 60,
  crashServices: 100,
  crashSeconds: 20,
  settleMs: 2000,
};

/** Tiny sizes: every figure, each measured once, in well under 20 s. */
export const SMOKE: Omit<BenchOptions, "only" | "json" | "ts6NodeArgs" | "tmpdir"> = {
  reps: 1,
  services: [1, 5],
  readyServices: 20,
  roundtrips: 10,
  restarts: 1,
  idleServices: 20,
  idleSeconds: 1,
  crashServices: 5,
  crashSeconds: 1,
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
  --services LIST        service counts for the memory figure (default ${FULL.services.join(",")})
  --ready-services N     services in the time-to-ready figure (default ${FULL.readyServices})
  --roundtrips N         s6-svc -wU -u and -wD -d round trips per repetition (default ${FULL.roundtrips})
  --restarts N           SIGKILL-to-ready samples per repetition (default ${FULL.restarts})
  --idle-services N      services while idle CPU is measured (default ${FULL.idleServices})
  --idle-seconds S       idle CPU window (default ${FULL.idleSeconds})
  --crash-services N     crash-looping services (default ${FULL.crashServices})
  --crash-seconds S      crash-loop CPU window (default ${FULL.crashSeconds})
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

function count(name: string, text: string): number {
  const n = positive(name, text);
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

type NumericKey = Exclude<keyof BenchOptions, "only" | "services" | "json" | "ts6NodeArgs" | "tmpdir">;

/** Each numeric flag, the option it sets and how its text is read. */
const NUMERIC: ReadonlyArray<readonly [flag: string, key: NumericKey, read: (flag: string, text: string) => number]> = [
  ["reps", "reps", count],
  ["ready-services", "readyServices", count],
  ["roundtrips", "roundtrips", count],
  ["restarts", "restarts", count],
  ["idle-services", "idleServices", count],
  ["idle-seconds", "idleSeconds", (f, t) => positive(f, t)],
  ["crash-services", "crashServices", count],
  ["crash-seconds", "crashSeconds", (f, t) => positive(f, t)],
  ["settle-ms", "settleMs", (f, t) => positive(f, t, true)],
];

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
        services: { type: "string" },
        json: { type: "string" },
        tmpdir: { type: "string" },
        "ts6-node-args": { type: "string" },
        ...Object.fromEntries(NUMERIC.map(([flag]) => [flag, { type: "string" as const }])),
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
  const services = text("services");
  if (services !== undefined) opts.services = services.split(",").map((s) => count("services", s));
  for (const [flag, key, read] of NUMERIC) {
    const t = text(flag);
    if (t !== undefined) opts[key] = read(flag, t);
  }
  return opts;
}
