import { runTool } from "../clients/run-tool.js";
import { svstatTool } from "../clients/svstat.js";

runTool(svstatTool, "ts6-svstat", process.argv.slice(2));
