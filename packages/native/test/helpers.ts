import { accessSync, constants, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Socket } from "node:net";
import { reap } from "@ts6/native";

/* Collects exits from SIGCHLD. Only for test files that never use
 * node:child_process: reap() takes every child, libuv's included. */
const exited = new Map<number, number>();
const waiting = new Map<number, (wstat: number) => void>();

function drain(): void {
  for (const { pid, wstat } of reap()) {
    const wake = waiting.get(pid);
    if (wake) {
      waiting.delete(pid);
      wake(wstat);
    } else exited.set(pid, wstat);
  }
}

export function installReaper(): void {
  process.on("SIGCHLD", drain);
}

export function waitExit(pid: number, ms = 10_000): Promise<number> {
  drain();
  const wstat = exited.get(pid);
  if (wstat !== undefined) {
    exited.delete(pid);
    return Promise.resolve(wstat);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(pid);
      reject(new Error(`pid ${pid} was not reaped within ${ms} ms`));
    }, ms);
    waiting.set(pid, (w) => {
      clearTimeout(timer);
      resolve(w);
    });
  });
}

/** Everything written to `fd` until its last writer closes it. Takes
 * ownership of `fd`: it is closed afterwards. */
export function readAll(fd: number, ms = 10_000): Promise<string> {
  const sock = new Socket({ fd, readable: true, writable: false });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no EOF on fd ${fd} within ${ms} ms`));
    }, ms);
    sock.on("data", (c: Buffer) => chunks.push(c));
    sock.on("error", reject);
    sock.on("end", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(Buffer.concat(chunks).toString());
    });
  });
}

/** The first line written to `fd`. Takes ownership of `fd`. */
export function readLine(fd: number, ms = 10_000): Promise<string> {
  const sock = new Socket({ fd, readable: true, writable: false });
  let text = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no line on fd ${fd} within ${ms} ms`));
    }, ms);
    sock.on("error", reject);
    sock.on("data", (c: Buffer) => {
      text += c.toString();
      const nl = text.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      sock.destroy();
      resolve(text.slice(0, nl));
    });
  });
}

export function openFds(pid: number | "self"): number[] {
  return readdirSync(`/proc/${pid}/fd`)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The masks of /proc/PID/status: SigBlk, SigIgn, SigCgt... as bigints. */
export function signalMasks(pid: number | "self"): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const m of readFileSync(`/proc/${pid}/status`, "utf8").matchAll(/^(Sig\w+):\s*([0-9a-f]+)$/gm))
    out[m[1]!] = BigInt(`0x${m[2]!}`);
  return out;
}

export function sigbit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** Fields of /proc/PID/stat after the command name: [state, ppid, pgrp, session, ...]. */
export function statFields(pid: number | "self"): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The fd's open flags, from /proc/self/fdinfo (octal). */
export function fdFlags(fd: number): number {
  const m = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
  if (!m) throw new Error(`no flags in fdinfo of ${fd}`);
  return parseInt(m[1]!, 8);
}

export const O_CLOEXEC = 0o2000000;

/** Children of `ppid` still in the process table, zombies included. */
export function childrenOf(ppid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return Number(statFields(Number(d))[1]) === ppid;
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

/** A free fd number in [from, to), for tests that need one at a known place. */
export function freeFd(from: number, to: number): number {
  const used = new Set(openFds("self"));
  for (let fd = from; fd < to; fd++) if (!used.has(fd)) return fd;
  throw new Error(`no free fd in [${from}, ${to})`);
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** Compat tests skip loudly without s6, and fail instead when CI demands it. */
export function requireOrSkip(ok: boolean, why: string): boolean {
  if (ok) return true;
  if (process.env.TS6_REQUIRE_S6 === "1") throw new Error(`TS6_REQUIRE_S6=1 but ${why}`);
  console.warn(`SKIPPING: ${why}`);
  return false;
}
