import { runTool } from "../clients/run-tool.js";
import { svlisten1Tool } from "../clients/svlisten1.js";

runTool(svlisten1Tool, "ts6-svlisten1", process.argv.slice(2));
