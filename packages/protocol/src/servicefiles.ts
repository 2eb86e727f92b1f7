import { readSmall as readSmallFile } from "@ts6/native";
import { errnoCode } from "./errors.js";
import { signalName, signalNumber } from "./signals.js";
import { uint0Scan } from "./uintscan.js";

/** What s6-supervise would warn about, and what it uses instead. */
export interface ConfigWarning {
  /** The path that was opened, built from the directory as given. */
  file: string;
  problem: string;
  fallback: string;
  /** The errno when the file could not be read at all ("EMFILE"): what to do may depend on it. */
  code?: string;
}

export interface ConfigValue<T> {
  value: T;
  warning?: ConfigWarning;
}

const INT_MAX = 0x7fff_ffff;
// s6 reads UINT_FMT bytes: 11, one more than UINT32_MAX has digits.
const UINT_READ_MAX = 11;
const DOWNSIG_READ_MAX = 15;
const MAX_DEATH_TALLY_CAP = 4096;
const SIGTERM = 15;

type Contents = { text: string } | { absent: true } | { error: string };

/**
 * s6-supervise's read_file: open O_NONBLOCK (a FIFO planted there cannot
 * hang us), read up to `max` bytes, keep what precedes the first newline
 * (and the first NUL, where C stops reading the string).
 */
function readSmall(file: string, max: number): Contents {
  let buf: Buffer | undefined;
  try {
    buf = readSmallFile(file, max);
  } catch (err) {
    return { error: errnoCode(err) ?? String(err) };
  }
  if (buf === undefined) return { absent: true };
  // latin1 maps each byte to one char, so nothing is lost or merged.
  const text = buf.toString("latin1");
  return { text: text.split(/[\n\0]/, 1)[0] ?? "" };
}

function warned<T>(value: T, file: string, problem: string, fallback: string, code?: string): ConfigValue<T> {
  return { value, warning: code === undefined ? { file, problem, fallback } : { file, problem, fallback, code } };
}

function invalid(text: string): string {
  return `invalid value ${JSON.stringify(text)}`;
}

type Scanned = { value: number } | { absent: true } | { problem: string; code?: string };

/** Reads with `max` and `scan`, reporting why there is no value. */
function scanFile(file: string, max: number, scan: (text: string) => number | undefined): Scanned {
  const c = readSmall(file, max);
  if ("absent" in c) return c;
  if ("error" in c) return { problem: `unable to open: ${c.error}`, code: c.error };
  const n = scan(c.text);
  return n === undefined ? { problem: invalid(c.text) } : { value: n };
}

/** s6-supervise's read_uint, with a default for when it fails. */
function readUint(file: string, defaultValue: number, fallback: string): ConfigValue<number> {
  const r = scanFile(file, UINT_READ_MAX, uint0Scan);
  if ("value" in r) return { value: r.value };
  if ("absent" in r) return { value: defaultValue };
  return warned(defaultValue, file, r.problem, fallback, r.code);
}

function readFd(file: string, fallback: string): ConfigValue<number | undefined> {
  const r = scanFile(file, UINT_READ_MAX, uint0Scan);
  if ("absent" in r) return { value: undefined };
  if ("problem" in r) return warned(undefined, file, r.problem, fallback, r.code);
  if (r.value > INT_MAX) return warned(undefined, file, `${invalid(String(r.value))}: above ${INT_MAX}`, fallback);
  return { value: r.value };
}

/** ms; s6 hands the value to tain_from_millisecs(int), which refuses anything above INT_MAX: no timeout. */
function readTimeout(file: string, defaultMs: number): ConfigValue<number> {
  const r = readUint(file, defaultMs, `default ${defaultMs}`);
  return r.value > INT_MAX ? { value: 0 } : r;
}

export function readNotificationFd(dir: string): ConfigValue<number | undefined> {
  return readFd(`${dir}/notification-fd`, "no readiness notification");
}

export function readLockFd(dir: string): ConfigValue<number | undefined> {
  return readFd(`${dir}/lock-fd`, "no service lock");
}

/** 0 means never send SIGKILL. */
export function readTimeoutKill(dir: string): ConfigValue<number> {
  return readTimeout(`${dir}/timeout-kill`, 0);
}

/** 0 means finish may run forever. */
export function readTimeoutFinish(dir: string): ConfigValue<number> {
  return readTimeout(`${dir}/timeout-finish`, 5000);
}

/** Values above the cap are silently lowered to it, as s6 does; 0 disables the tally. */
export function readMaxDeathTally(dir: string): ConfigValue<number> {
  const r = readUint(`${dir}/max-death-tally`, 100, "default 100");
  return r.value > MAX_DEATH_TALLY_CAP ? { value: MAX_DEATH_TALLY_CAP } : r;
}

/**
 * Any number sig0_scan accepts is returned unchecked (0, 99, even 4294967295),
 * as s6 passes it to kill(2) which refuses the bad ones.
 */
export function readDownSignal(dir: string): ConfigValue<number> {
  const file = `${dir}/down-signal`;
  const r = scanFile(file, DOWNSIG_READ_MAX, signalNumber);
  if ("value" in r) return { value: r.value };
  if ("absent" in r) return { value: SIGTERM };
  return warned(SIGTERM, file, r.problem, `default ${signalName(SIGTERM)}`);
}
