import { runTool } from "../clients/run-tool.js";
import { svscanctlTool } from "../clients/svscanctl.js";

runTool(svscanctlTool, "ts6-svscanctl", process.argv.slice(2));
