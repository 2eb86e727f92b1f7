import type { Tool } from "./run-tool.js";
import { supervisedOrDie } from "./supervised.js";

export const svokTool: Tool = {
  usage: "servicedir",
  summary: "exit 0 if a supervisor is running on a service directory, 1 if not",
  options: [],
  /* s6-svok takes no options: "-x" is a directory name to it. */
  main: async (prog, argv) => {
    const dir = argv[0];
    if (dir === undefined) prog.usage();
    return supervisedOrDie(prog, dir) ? 0 : 1;
  },
};
