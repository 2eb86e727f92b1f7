import { SVSCAN_COMMANDS } from "@ts6/protocol";
import { controlOrDie } from "./control.js";
import { parseOptions } from "./options.js";
import type { Tool } from "./run-tool.js";
import type { Prog } from "./strerr.js";

/* s6-svscanctl's buffer holds 64 commands. */
const MAX_COMMANDS = 64;

export const svscanctlTool: Tool = {
  usage: "[ -zabhitqnN ] svscandir",
  summary: "send commands to a scanner",
  main: svscanctlMain,
};

async function svscanctlMain(prog: Prog, argv: readonly string[]): Promise<number> {
  let commands = "";
  const dirs = parseOptions(prog, argv, SVSCAN_COMMANDS, (opt) => {
    if (commands.length >= MAX_COMMANDS) prog.fatal(100, "too many commands");
    commands += opt;
  });
  const dir = dirs[0];
  if (dir === undefined) prog.usage();
  controlOrDie(prog, dir, ".s6-svscan", commands, " directory. errno reported");
  return 0;
}
