/** One line of a command's --help: the option as typed, and what it does. */
export type OptionHelp = readonly [option: string, meaning: string];

/**
 * A command's --help: what it does, its usage line, then one line per
 * option, aligned. Printed on stdout; the command then exits 0.
 */
export function formatHelp(prog: string, summary: string, usage: string, options: readonly OptionHelp[]): string {
  const width = Math.max(0, ...options.map(([o]) => o.length));
  const lines = options.map(([o, meaning]) => `  ${o.padEnd(width)}  ${meaning}`);
  return [`${prog}: ${summary}`, `usage: ${prog} ${usage}`, ...(lines.length > 0 ? ["", ...lines] : []), ""].join("\n");
}

/**
 * "--help" as the first argument: s6's option loops reject it as a bad
 * option, so answering it changes nothing a script relies on. Only the
 * first, so that an option's value or an operand is never taken for it.
 */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv[0] === "--help";
}
