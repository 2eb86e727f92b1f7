import { getSystemErrorMap } from "node:util";

/** A failure that ends a supervisor before it runs, with s6's exit code. */
export class SupervisorStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: 100 | 111,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SupervisorStartError";
  }
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/**
 * The reason, in words, for a message a person reads: "No such file or
 * directory", not Node's "ENOENT: no such file or directory, open '...'",
 * which repeats a path the message already names.
 */
export function errorText(err: unknown): string {
  const code = errnoCode(err);
  const known = code === undefined ? undefined : ERRNO_TEXT.get(code);
  if (known !== undefined) return known.charAt(0).toUpperCase() + known.slice(1);
  return err instanceof Error ? err.message : String(err);
}

/* libuv's strerror texts by errno name; for the common errnos they read as glibc's. */
const ERRNO_TEXT = new Map([...getSystemErrorMap().values()]);
