import { READY_ON_3, SLEEPER, type ServiceFiles, script } from "../../helpers/service-dir.js";
import type { Supervised } from "../../helpers/sandbox.js";
import { waitStatus } from "../../helpers/status-file.js";

/** How to bring a service into one state, the way a user would. */
export interface StateSpec {
  files: ServiceFiles;
  drive(s: Supervised): Promise<unknown>;
}

/** A finish that lasts until the test ends: the service stays in its finishing phase. */
const ENDLESS_FINISH = { finish: script("exec sleep 100000"), "timeout-finish": "0\n" };

async function svc(s: Supervised, ...args: string[]): Promise<void> {
  const r = await s.svc(...args);
  if (r.code !== 0) throw new Error(`s6-svc ${args.join(" ")} ${s.dir}: exit ${r.code}: ${r.stderr}`);
}

/** The states s6-svstat tells apart, each named after itself. */
export const STATES = {
  "up": {
    files: { run: SLEEPER },
    drive: (s) => s.events.waitFor(/^su$/),
  },
  "up and ready": {
    files: { run: READY_ON_3, "notification-fd": "3\n" },
    drive: (s) => s.events.waitFor(/^suU$/),
  },
  "down by exit code": {
    files: { run: script("exit 3"), down: "" },
    drive: async (s) => {
      await svc(s, "-o");
      await s.events.waitFor(/^sudD$/);
    },
  },
  "down by signal": {
    files: { run: SLEEPER, down: "" },
    drive: async (s) => {
      await svc(s, "-o");
      await s.events.waitFor(/^su$/);
      await svc(s, "-k");
      await s.events.waitFor(/^sudD$/);
    },
  },
  "finishing": {
    files: { run: script("exit 4"), down: "", ...ENDLESS_FINISH },
    drive: async (s) => {
      await svc(s, "-o");
      await s.events.waitFor(/^sud$/);
    },
  },
  "paused": {
    files: { run: SLEEPER },
    drive: async (s) => {
      await s.events.waitFor(/^su$/);
      await svc(s, "-p");
      await waitStatus(s.dir, (st) => st.paused);
    },
  },
  "normally down": {
    files: { run: SLEEPER, down: "" },
    drive: (s) => s.events.waitFor(/^s$/),
  },
  "want up": {
    files: { run: script("exit 0"), ...ENDLESS_FINISH },
    drive: (s) => s.events.waitFor(/^sud$/),
  },
  "want down": {
    files: { run: SLEEPER },
    drive: async (s) => {
      await s.events.waitFor(/^su$/);
      await svc(s, "-O");
      await waitStatus(s.dir, (st) => !st.wantUp);
    },
  },
  "told down": {
    files: { run: READY_ON_3, "notification-fd": "3\n" },
    drive: async (s) => {
      await s.events.waitFor(/^suU$/);
      await svc(s, "-d");
      await s.events.waitFor(/^suUdD$/);
    },
  },
} satisfies Record<string, StateSpec>;

export type StateName = keyof typeof STATES;
export const STATE_NAMES = Object.keys(STATES) as StateName[];
