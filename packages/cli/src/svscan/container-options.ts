import { parseUint } from "../getopt.js";

/** ts6-svscan's options for containers and orchestrators, beyond s6-svscan's. */
export interface ContainerOptions {
  /** --wait-ready[=MS]: the main program (or -d's line) waits this long for readiness. */
  waitReadyMs?: number;
  /** --shutdown-timeout MS: SIGKILL what is still running this long after the tree starts coming down. */
  shutdownTimeoutMs?: number;
  /** --http ADDR:PORT: the read-only probe and metrics endpoint. */
  http?: HttpAddress;
  /** --copy-from DIR: copy this service tree into the scan directory at start. */
  copyFrom?: string;
}

export interface HttpAddress {
  host: string;
  port: number;
}

export const WAIT_READY_DEFAULT_MS = 5000;

/**
 * Applies one of the options above to `o`; false when `name` is not one of
 * them. Throws a message (the caller's usage error) for a bad value.
 */
export function applyContainerOption(o: ContainerOptions, name: string, value: string | undefined, bad: (msg: string) => Error): boolean {
  switch (name) {
    case "wait-ready":
      o.waitReadyMs = value === undefined ? WAIT_READY_DEFAULT_MS : milliseconds(name, value, bad);
      return true;
    case "shutdown-timeout":
      o.shutdownTimeoutMs = milliseconds(name, value, bad);
      return true;
    case "http":
      o.http = parseHttpAddress(value ?? "", bad);
      return true;
    case "copy-from":
      if (value === undefined || value === "") throw bad("--copy-from needs a directory");
      o.copyFrom = value;
      return true;
    default:
      return false;
  }
}

function milliseconds(name: string, value: string | undefined, bad: (msg: string) => Error): number {
  const n = parseUint(value);
  if (n === undefined) throw bad(`--${name} needs a number of milliseconds, got ${JSON.stringify(value)}`);
  return n;
}

/** "127.0.0.1:9000", "0.0.0.0:0", "[::1]:9000", ":9000" (every address). */
export function parseHttpAddress(s: string, bad: (msg: string) => Error): HttpAddress {
  const colon = s.lastIndexOf(":");
  const port = parseUint(colon < 0 ? undefined : s.slice(colon + 1));
  if (colon < 0 || port === undefined || port > 65535) {
    throw bad(`--http needs ADDRESS:PORT (e.g. 127.0.0.1:9000, 0.0.0.0:9000, [::1]:9000), got ${JSON.stringify(s)}`);
  }
  let host = s.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { host: host === "" ? "::" : host, port };
}
