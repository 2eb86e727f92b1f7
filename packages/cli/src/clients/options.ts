import { UsageError, getoptEach } from "../getopt.js";
import type { Prog } from "./strerr.js";

/** s6's option loop: options in order, then the operands; a bad option is the usage message, exit 100. */
export function parseOptions(
  prog: Prog, argv: readonly string[], short: string, each: (opt: string, value: string | undefined) => void,
): string[] {
  try {
    return getoptEach(argv, short, each);
  } catch (err) {
    if (err instanceof UsageError) prog.usage();
    throw err;
  }
}
