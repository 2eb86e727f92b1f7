import { runTool } from "../clients/run-tool.js";
import { svokTool } from "../clients/svok.js";

runTool(svokTool, "ts6-svok", process.argv.slice(2));
