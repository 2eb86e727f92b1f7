import { openSync } from "node:fs";

let fds: [number, number] | undefined;

/** One read and one write fd on /dev/null, shared by every supervisor of the process. */
export function devNullFds(): [number, number] {
  fds ??= [openSync("/dev/null", "r"), openSync("/dev/null", "w")];
  return fds;
}
