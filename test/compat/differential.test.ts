import { COMMANDS } from "./differential/commands.js";
import { FAULTS } from "./differential/faults.js";
import { LIFECYCLE } from "./differential/lifecycle.js";
import { MORE, WITH_S6_TOOLS } from "./differential/more.js";
import { PROCESS } from "./differential/process.js";
import { SETUP } from "./differential/setup.js";
import { differentialSuite } from "./differential/suite.js";
import { SUPERVISOR_SIGNALS } from "./differential/supervisor-signals.js";

differentialSuite("the same scenario under s6-supervise and ts6-supervise", [
  ...LIFECYCLE, ...COMMANDS, ...SUPERVISOR_SIGNALS, ...FAULTS, ...PROCESS, ...SETUP, ...MORE, ...WITH_S6_TOOLS,
]);
