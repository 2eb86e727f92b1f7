import { errnoText } from "@ts6/protocol";
import { type OptionHelp, asksForHelp, formatHelp } from "../help.js";
import { Prog, ToolExit } from "./strerr.js";

/** A client tool: s6's usage line (after the name), a summary, what each option does, and its main. */
export interface Tool {
  usage: string;
  summary: string;
  options: readonly OptionHelp[];
  main(prog: Prog, argv: readonly string[]): Promise<number>;
}

export function toolHelp(progName: string, tool: Tool): string {
  return formatHelp(progName, tool.summary, tool.usage, tool.options);
}

/**
 * Runs a tool as the process: the exit code is the tool's, a ToolExit prints
 * its message first, and anything unexpected is a temporary failure (111),
 * as s6 treats errors it has no better code for.
 */
export function runTool(tool: Tool, progName: string, argv: readonly string[]): void {
  guardStdout(progName);
  if (asksForHelp(argv)) {
    process.stdout.write(toolHelp(progName, tool));
    exitAfterFlush(0);
    return;
  }
  tool.main(new Prog(progName, tool.usage), argv).then(
    (code) => exitAfterFlush(code),
    (err: unknown) => {
      if (err instanceof ToolExit) {
        process.stderr.write(err.text);
        exitAfterFlush(err.code);
        return;
      }
      process.stderr.write(`${progName}: fatal: ${errnoText(err)}\n`);
      exitAfterFlush(111);
    },
  );
}

/* process.exit() does not wait for stdout to drain when it is a slow pipe. */
function exitAfterFlush(code: number): void {
  process.stdout.write("", () => process.exit(code));
}

/**
 * s6's tools die of SIGPIPE when their reader has gone; Node ignores
 * SIGPIPE and would throw EPIPE at the next write instead. End as quietly,
 * with the status a shell shows for that death (128 + 13). Any other write
 * error is s6's "unable to write to stdout".
 */
export function guardStdout(progName: string): void {
  if (process.stdout.listenerCount("error") > 0) return;
  process.stdout.on("error", (err) => {
    if ((err as NodeJS.ErrnoException).code === "EPIPE") process.exit(141);
    process.stderr.write(`${progName}: fatal: unable to write to stdout: ${errnoText(err)}\n`);
    process.exit(111);
  });
}
