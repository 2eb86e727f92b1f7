/** Parsed command line: options in order, then the operands. */
export interface ParsedArgs {
  opts: Array<{ name: string; value?: string }>;
  rest: string[];
}

export class UsageError extends Error {}

/**
 * skalibs-style getopt: short options clustered or not ("-wu", "-t 5",
 * "-t5"), "--" ends options, the first operand ends options. Long options
 * ("--no-watch", "--exit-on NAME", "--exit-on=NAME") are ts6 additions.
 * `short` is a getopt string: a letter followed by ":" takes a value. A long
 * option marked "optional" takes a value only as "--name=VALUE".
 */
export function getopt(argv: readonly string[], short: string, long: Record<string, boolean | "optional"> = {}): ParsedArgs {
  const opts: ParsedArgs["opts"] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const takesValue = long[name];
      if (takesValue === undefined) throw new UsageError(`unknown option --${name}`);
      if (takesValue === "optional") {
        opts.push(eq >= 0 ? { name, value: arg.slice(eq + 1) } : { name });
        continue;
      }
      if (!takesValue) {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        opts.push({ name });
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      opts.push({ name, value });
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    i = shortCluster(argv, i, short, (name, value) => opts.push(value === undefined ? { name } : { name, value }));
  }
  return { opts, rest: argv.slice(i) };
}

/**
 * One cluster of short options at argv[i] ("-wu", "-t5", "-t 5"), handed
 * to `emit` in order. Returns the index of the last argv entry it used.
 */
function shortCluster(
  argv: readonly string[],
  i: number,
  short: string,
  emit: (name: string, value: string | undefined) => void,
): number {
  const arg = argv[i]!;
  for (let j = 1; j < arg.length; j++) {
    const c = arg[j]!;
    const at = short.indexOf(c);
    if (at < 0 || c === ":") throw new UsageError(`unknown option -${c}`);
    if (short[at + 1] !== ":") {
      emit(c, undefined);
      continue;
    }
    const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`option -${c} needs a value`);
    emit(c, value);
    break;
  }
  return i;
}

/** uint0_scan: the whole string must be decimal digits. */
export function parseUint(s: string | undefined): number | undefined {
  if (s === undefined || !/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * skalibs subgetopt driven one option at a time: `each` sees the options in
 * command-line order and may end the parse (by throwing) before a later bad
 * option is reached, as s6's option loops do. Short options only; "--x" is
 * a bad option, as in skalibs. Returns the operands.
 */
export function getoptEach(
  argv: readonly string[],
  short: string,
  each: (name: string, value: string | undefined) => void,
): string[] {
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return argv.slice(i + 1);
    if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    if (!arg.startsWith("-") || arg === "-") break;
    i = shortCluster(argv, i, short, each);
  }
  return argv.slice(i);
}
