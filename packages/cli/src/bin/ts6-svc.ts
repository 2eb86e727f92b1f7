import { runTool } from "../clients/run-tool.js";
import { svcTool } from "../clients/svc.js";

runTool(svcTool, "ts6-svc", process.argv.slice(2));
