import { uint0Scan } from "./uintscan.js";

// skalibs' signal table in its own order, with Linux x86_64 numbers. Order
// matters: a number with two names prints as the first (29 is "POLL", 6 is
// "ABRT"), as s6-svstat does.
const TABLE: ReadonlyArray<readonly [string, number]> = [
  ["ABRT", 6], ["ALRM", 14], ["BUS", 7], ["CHLD", 17], ["CONT", 18], ["FPE", 8],
  ["HUP", 1], ["ILL", 4], ["INT", 2], ["KILL", 9], ["PIPE", 13], ["QUIT", 3],
  ["SEGV", 11], ["STOP", 19], ["TERM", 15], ["TSTP", 20], ["TTIN", 21], ["TTOU", 22],
  ["USR1", 10], ["USR2", 12], ["POLL", 29], ["PROF", 27], ["SYS", 31], ["TRAP", 5],
  ["URG", 23], ["VTALRM", 26], ["XCPU", 24], ["XFSZ", 25], ["IOT", 6], ["STKFLT", 16],
  ["CLD", 17], ["WINCH", 28], ["IO", 29], ["PWR", 30],
];

const NAME_OF = new Map<number, string>();
for (const [name, n] of TABLE) if (!NAME_OF.has(n)) NAME_OF.set(n, name);

const NUMBER_OF = new Map<string, number>(TABLE.map(([name, n]) => [name, n]));

/** As s6-svstat prints it: "SIGTERM"; "SIG???" for numbers without a name (real-time signals, 0). */
export function signalName(n: number): string {
  return "SIG" + (NAME_OF.get(n) ?? "???");
}

// strcasecmp folds ASCII only; String#toUpperCase would also map e.g. "ı" to "I".
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function scanOnce(s: string): number | undefined {
  return NUMBER_OF.get(asciiUpper(s)) ?? uint0Scan(s);
}

/**
 * skalibs' sig0_scan: a table name in any case, or a decimal number, either
 * one optionally after "SIG" in any case. Numbers are not range-checked
 * ("0", "99" and "SIG9" are accepted), as in s6: kill(2) judges them.
 */
export function signalNumber(s: string): number | undefined {
  return scanOnce(s) ?? (asciiUpper(s.slice(0, 3)) === "SIG" ? scanOnce(s.slice(3)) : undefined);
}
