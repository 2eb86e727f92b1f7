import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { withDeadline } from "../helpers/deadline.js";
import { afterAll, beforeAll } from "vitest";
import { type Ran, run } from "../helpers/run.js";
import { killTagged, newTag } from "../helpers/tagged-processes.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
/** Packing builds what changed first: give it the time a cold build takes. */
const PACK_MS = 180_000;
const INSTALL_MS = 120_000;

export interface Packed {
  dir: string;
  tarball: string;
  /** The line `npm run pack` printed: files, sizes, the prebuild. */
  summary: string;
}

/** `npm run pack` into a fresh directory. */
export async function pack(): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), "ts6-pack-"));
  const r = await run("npm", ["run", "--silent", "pack", "--", "--out", dir], { cwd: repo, timeout: PACK_MS });
  if (r.code !== 0) throw new Error(`npm run pack failed (${r.code}): ${r.stderr}`);
  const tarball = readdirSync(dir).find((f) => /^ts6-\d+\.\d+\.\d+.*\.tgz$/.test(f));
  if (!tarball) throw new Error(`npm run pack wrote no ts6-VERSION.tgz into ${dir}: ${r.stdout}`);
  return { dir, tarball: join(dir, tarball), summary: r.stdout.trim() };
}

/** A prefix that `npm install -g --prefix` filled. */
export interface Installed {
  prefix: string;
  /** Where the package itself went. */
  root: string;
  /** ts6's bin directory first, then only the system's (and Node's, for the #! line). */
  env: NodeJS.ProcessEnv;
  install: Ran;
}

/**
 * `npm install -g --prefix PREFIX tarball` (a new temporary directory unless
 * given), with `env` added to this process's environment.
 */
export async function installGlobal(
  tarball: string,
  env: NodeJS.ProcessEnv = {},
  prefix = mkdtempSync(join(tmpdir(), "ts6-prefix-")),
): Promise<Installed> {
  const base = { ...process.env };
  delete base["npm_config_build_from_source"];
  // --offline: everything the package needs is inside it.
  const args = ["install", "-g", "--offline", "--omit=dev", "--prefix", prefix, "--no-audit", "--no-fund", tarball];
  const install = await run("npm", args, {
    env: { ...base, ...env },
    timeout: INSTALL_MS,
  });
  const path = [join(prefix, "bin"), dirname(process.execPath), "/usr/bin", "/bin"];
  return {
    prefix,
    root: join(prefix, "lib", "node_modules", "ts6"),
    env: { HOME: process.env["HOME"], LANG: "C", PATH: [...new Set(path)].join(":") },
    install,
  };
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** One test file's tarball and what its tests leave behind. */
export interface PackFixture {
  /** For every process a test starts: whatever carries it is killed when the file ends. */
  readonly tag: string;
  /** The tarball, packed once for the file. */
  packed(): Packed;
  /** A new temporary directory, removed when the file ends. */
  tempDir(prefix: string): string;
  /** installGlobal, its prefix removed when the file ends. */
  install(tarball: string, env?: NodeJS.ProcessEnv, prefix?: string): Promise<Installed>;
}

/**
 * Packs once before the file's tests (then runs `prepare`, e.g. to make a
 * variant of the tarball), and after them kills every process tagged with
 * the fixture's tag and removes every directory it handed out.
 */
export function usePack(prepare?: (packed: Packed) => Promise<void>): PackFixture {
  const tag = newTag();
  const dirs: string[] = [];
  let packed: Packed | undefined;
  beforeAll(async () => {
    packed = await pack();
    dirs.push(packed.dir);
    await prepare?.(packed);
  }, 300_000);
  afterAll(async () => {
    await killTagged(tag);
    for (const dir of dirs) removeDir(dir);
  });
  return {
    tag,
    packed: () => {
      if (packed === undefined) throw new Error("the tarball is packed in beforeAll: use it in a test");
      return packed;
    },
    tempDir: (prefix) => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    install: async (tarball, env = {}, prefix) => {
      const installed = await installGlobal(tarball, env, prefix);
      dirs.push(installed.prefix);
      return installed;
    },
  };
}

/** Where the shell finds `name` with `env`'s PATH. */
export async function which(name: string, env: NodeJS.ProcessEnv): Promise<string> {
  return (await run("/bin/sh", ["-c", `command -v ${name}`], { env })).stdout.trim();
}

/**
 * Starts `ts6-svscan -d 3 scandir`, found on env's PATH, and resolves once
 * it says on fd 3 that it accepts commands.
 */
export async function startScanner(scandir: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn("ts6-svscan", ["-d", "3", scandir], { env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => (output += s));
  child.stderr?.setEncoding("utf8").on("data", (s: string) => (output += s));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdio[3]?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`ts6-svscan exited (${code}) before it was ready: ${output}`)));
    child.once("error", reject);
  });
  await withDeadline(ready, 10_000, () => `readiness from ts6-svscan on ${scandir}`);
  return child;
}

/** Resolves with the exit code once `child` has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** The .node files a live process has mapped. */
export function mappedAddons(pid: number): string[] {
  const maps = readFileSync(`/proc/${pid}/maps`, "utf8");
  return [...new Set([...maps.matchAll(/\s(\/\S+\.node)$/gm)].map((m) => m[1] ?? ""))];
}

/** The C library this Node runs on, as the prebuilds' tags name it. */
export const libc: "glibc" | "musl" = (process.report.getReport() as { header: { glibcVersionRuntime?: string } })
  .header.glibcVersionRuntime
  ? "glibc"
  : "musl";
