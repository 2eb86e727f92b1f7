import { guardStdout, runTool } from "../clients/run-tool.js";
import { SUBCOMMANDS, helpText } from "../subcommands.js";

const [command, ...args] = process.argv.slice(2);
guardStdout("ts6");
if (command === undefined) {
  process.stderr.write("ts6: fatal: no command given\nusage: ts6 COMMAND [ARGS...] (ts6 --help lists the commands)\n");
  process.exitCode = 100;
} else if (command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(helpText());
} else {
  const tool = SUBCOMMANDS.get(command);
  if (tool === undefined) {
    process.stderr.write(`ts6: fatal: unknown command: ${command} (ts6 --help lists them)\n`);
    process.exitCode = 100;
  } else {
    runTool(tool, `ts6 ${command}`, args);
  }
}
