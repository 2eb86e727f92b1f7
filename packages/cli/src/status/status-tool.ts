import { readWaitingForFds } from "@ts6/protocol";
import type { Tool } from "../clients/run-tool.js";
import type { Prog } from "../clients/strerr.js";
import { UsageError, getopt } from "../getopt.js";
import { renderTable } from "./render-text.js";
import { type ServiceReport, reportService } from "./report.js";
import { listServices } from "./services.js";

export const statusTool: Tool = {
  usage: "[ --json ] [ scandir ]",
  summary: "show every service of a scan directory (default: the current directory) and its logger",
  main: statusMain,
};

async function statusMain(prog: Prog, argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = getopt(argv, "", { json: false });
  } catch (err) {
    if (err instanceof UsageError) prog.usage();
    throw err;
  }
  if (args.rest.length > 1) prog.usage();
  const scandir = args.rest[0] ?? ".";
  const json = args.opts.some((o) => o.name === "json");
  let entries;
  try {
    entries = listServices(scandir);
  } catch (err) {
    prog.unableSys(111, err, "read scan directory ", scandir);
  }
  const waiting = readWaitingForFds(scandir);
  const reports = entries.map((entry): ServiceReport => {
    try {
      return reportService(entry, waiting);
    } catch (err) {
      prog.unableSys(111, err, "read status for ", entry.dir);
    }
  });
  process.stdout.write(json ? `${JSON.stringify(reports, null, 2)}\n` : renderTable(reports, useColour()));
  return 0;
}

/* The usual conventions: colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
function useColour(): boolean {
  return process.stdout.isTTY === true && !process.env["NO_COLOR"];
}
