import { runTool } from "../clients/run-tool.js";
import { svwaitTool } from "../clients/svwait.js";

runTool(svwaitTool, "ts6-svwait", process.argv.slice(2));
