import { constants } from "node:os";
import { getSystemErrorMap } from "node:util";

interface RawSystemError {
  errno: number;
  syscall: string;
  path?: string;
}

/** libuv, whose descriptions Node uses, has none for these two, which spawn
 * and the lock calls can report. */
const missingFromLibuv: Readonly<Record<string, string>> = {
  ENOEXEC: "exec format error",
  ENOLCK: "no locks available",
};

let uvErrors: Map<number, [string, string]> | undefined;

function describeErrno(errno: number): [code: string, description: string] {
  uvErrors ??= getSystemErrorMap();
  const known = uvErrors.get(-errno);
  if (known) return known;
  const code = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? "UNKNOWN";
  return [code, missingFromLibuv[code] ?? "unknown error"];
}

function isRaw(e: unknown): e is RawSystemError {
  if (typeof e !== "object" || e === null || e instanceof Error) return false;
  const r = e as Partial<RawSystemError>;
  return typeof r.errno === "number" && typeof r.syscall === "string";
}

/** An error shaped like the ones Node's own fs calls throw. */
function systemError(raw: RawSystemError): NodeJS.ErrnoException {
  const [code, description] = describeErrno(raw.errno);
  const where = raw.path === undefined ? raw.syscall : `${raw.syscall} '${raw.path}'`;
  const err: NodeJS.ErrnoException = new Error(`${code}: ${description}, ${where}`);
  err.errno = -raw.errno;
  err.code = code;
  err.syscall = raw.syscall;
  if (raw.path !== undefined) err.path = raw.path;
  return err;
}

/** A raw failure an addon callback was handed, as a Node-style error. */
export function asSystemError(e: unknown): NodeJS.ErrnoException {
  return isRaw(e) ? systemError(e) : e instanceof Error ? e : new Error(String(e));
}

/** Runs one addon call, turning its raw failures into Node-style errors. */
export function sys<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (!isRaw(e)) throw e;
    const err = systemError(e);
    Error.captureStackTrace(err, sys);
    throw err;
  }
}
