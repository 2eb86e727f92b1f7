import { guardStdout, runTool } from "../clients/run-tool.js";
import { SUBCOMMANDS, helpText, subcommandHelp } from "../subcommands.js";

const [command, ...args] = process.argv.slice(2);
guardStdout("ts6");
if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(helpText());
  process.exitCode = command === undefined ? 100 : 0;
} else {
  const tool = SUBCOMMANDS.get(command);
  if (tool === undefined) {
    process.stderr.write(`ts6: fatal: unknown command: ${command} (ts6 --help lists them)\n`);
    process.exitCode = 100;
  } else if (args[0] === "--help") {
    process.stdout.write(subcommandHelp(command, tool));
  } else {
    runTool(tool, `ts6 ${command}`, args);
  }
}
