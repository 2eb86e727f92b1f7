export { startTree, type Tree, type TreeOptions, type StopOptions } from "./api/tree.js";
export { ServiceHandle, type ServiceStatus, type WaitState, type WaitOptions } from "./api/service.js";
export type { ServiceState } from "./service-state.js";
export { processTree } from "./api/proc-tree.js";
