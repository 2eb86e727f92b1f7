import { type Tool, toolHelp } from "../clients/run-tool.js";
import type { Prog } from "../clients/strerr.js";
import { UsageError, getopt } from "../getopt.js";
import { statusDocument } from "./document.js";
import { NO_SCANNER, scannerFacts } from "./scanner.js";
import { renderTable } from "./render-text.js";
import { type ServiceReport, reportService } from "./report.js";
import { type Listing, NotAScanDir, type ServiceEntry, listServices } from "./services.js";
import { problemsFirst, summaryLine } from "./summary.js";

export const statusTool: Tool = {
  usage: "[ --json ] [ dir [ name... ] ]",
  summary: "show the services of a scan directory (default: the current directory), what is wrong first",
  options: [
    ["dir", "a scan directory, or one service directory"],
    ["name...", "only these services (and their loggers)"],
    ["--json", "everything as JSON: each service's fields, the summary, ok"],
    ["-h, --help", "show this help"],
  ],
  main: statusMain,
};

/** Exit status when a service wanted up is down, or up but not ready (as supervisorctl status). */
const NOT_ALL_UP = 3;

async function statusMain(prog: Prog, argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = getopt(argv, "h", { json: false, help: false });
  } catch (err) {
    if (err instanceof UsageError) usageError(prog, err.message);
    throw err;
  }
  if (args.opts.some((o) => o.name === "h" || o.name === "help")) {
    process.stdout.write(toolHelp(prog.name, statusTool));
    return 0;
  }
  const [dir = ".", ...names] = args.rest;
  const json = args.opts.some((o) => o.name === "json");
  let listing: Listing;
  try {
    listing = listServices(dir);
  } catch (err) {
    if (err instanceof NotAScanDir) prog.fatal(111, err.message);
    prog.unableSys(111, err, "read scan directory ", dir);
  }
  const entries = pick(prog, listing.entries, names, dir);
  const tree = listing.kind === "scandir" ? scannerFacts(dir) : NO_SCANNER;
  const reports = entries.map((entry): ServiceReport => {
    try {
      return reportService(entry, tree);
    } catch (err) {
      prog.unableSys(111, err, "read status for ", entry.dir);
    }
  });
  const doc = await statusDocument(dir, listing.kind, reports);
  if (json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    const terminal = process.stdout.isTTY === true;
    process.stdout.write(renderTable(terminal ? problemsFirst(doc.services) : doc.services, useColour()) + summaryLine(doc.summary));
  }
  return doc.summary.ok ? 0 : NOT_ALL_UP;
}

/* Names given after DIR: each must be a service there; its logger comes with it. */
function pick(prog: Prog, entries: readonly ServiceEntry[], names: readonly string[], dir: string): ServiceEntry[] {
  if (names.length === 0) return [...entries];
  for (const n of names) {
    if (!entries.some((e) => e.name === n)) prog.fatal(111, `no service ${n} in ${dir}`);
  }
  return entries.filter((e) => names.some((n) => e.name === n || e.name === `${n}/log`));
}

/* What was wrong, then the usage line: the bare usage left a person guessing. */
function usageError(prog: Prog, what: string): never {
  prog.fatal(100, `${what}\n${prog.name}: usage: ${prog.name} ${statusTool.usage}`);
}

/* The usual conventions: colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
function useColour(): boolean {
  return process.stdout.isTTY === true && !process.env["NO_COLOR"];
}
