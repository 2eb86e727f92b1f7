import type { Tool } from "./clients/run-tool.js";
import { svcTool } from "./clients/svc.js";
import { svlisten1Tool } from "./clients/svlisten1.js";
import { svokTool } from "./clients/svok.js";
import { svscanctlTool } from "./clients/svscanctl.js";
import { svstatTool } from "./clients/svstat.js";
import { svwaitTool } from "./clients/svwait.js";
import { statusTool } from "./status/status-tool.js";

/** `ts6 NAME ...`: the tools that also exist as ts6-NAME, plus status. */
export const SUBCOMMANDS: ReadonlyMap<string, Tool> = new Map([
  ["status", statusTool],
  ["svc", svcTool],
  ["svstat", svstatTool],
  ["svwait", svwaitTool],
  ["svok", svokTool],
  ["svscanctl", svscanctlTool],
  ["svlisten1", svlisten1Tool],
]);

export function helpText(): string {
  const width = Math.max(...[...SUBCOMMANDS.keys()].map((k) => k.length));
  const lines = [...SUBCOMMANDS].map(([name, tool]) => `  ${name.padEnd(width)}  ${tool.summary}`);
  return [
    "usage: ts6 COMMAND [ARGS...]",
    "",
    "commands:",
    ...lines,
    "",
    "Each svNAME command behaves as s6's s6-svNAME (also installed as ts6-svNAME).",
    "ts6 COMMAND --help shows a command's usage. The supervisors themselves are",
    "ts6-svscan and ts6-supervise.",
    "",
  ].join("\n");
}
