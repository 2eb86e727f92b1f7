import { native } from "../src/binding.js";

/** The addon's test-only faults (csrc/bindings.h): each fires once, where the addon next checks for it. */
export const FAULT = { spawnPid: 2, reapArray: 4 } as const;

export function injectFault(fault: number): void {
  native.injectFault(fault);
}
