import { READY_ON_3, SLEEPER, script } from "../../helpers/service-dir.js";
import type { Scenario } from "../differential/harness.js";

const READY = { run: READY_ON_3, "notification-fd": "3\n" };
const NEVER_READY = { run: SLEEPER, "notification-fd": "3\n" };

/** s6-svok, s6-svwait and s6-svlisten1 on one service. */
export const WAIT_SCENARIOS: Scenario[] = [
  {
    name: "s6-svok: 0 while supervised, 1 once the supervisor is gone",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      await p.client("s6-svok", "DIR");
      await p.svc("-x");
      await p.exit();
      await p.client("s6-svok", "DIR");
    },
  },
  {
    name: "s6-svwait -u, -U, -d, -D on states already reached",
    files: READY,
    async play(p) {
      await p.events(/^suU$/);
      await p.client("s6-svwait", "-u", "DIR");
      await p.client("s6-svwait", "-U", "DIR");
      await p.client("s6-svwait", "-t", "300", "-d", "DIR");
      await p.svc("-d");
      await p.events(/^suUdD$/);
      await p.client("s6-svwait", "-d", "DIR");
      await p.client("s6-svwait", "-D", "DIR");
      await p.client("s6-svwait", "-t", "300", "-u", "DIR");
    },
  },
  {
    name: "s6-svwait -U -t on a service never ready: 99",
    files: NEVER_READY,
    async play(p) {
      await p.events(/^su$/);
      await p.client("s6-svwait", "-u", "DIR");
      await p.client("s6-svwait", "-U", "-t", "300", "DIR");
    },
  },
  {
    name: "s6-svwait -D while the service goes down",
    files: READY,
    async play(p) {
      await p.events(/^suU$/);
      const waiting = p.clientResult("s6-svwait", "-D", "-t", "5000", "DIR");
      await p.svc("-d");
      p.note("s6-svwait -D", await waiting);
    },
  },
  {
    name: "s6-svwait -u on a normally down service started meanwhile",
    files: { run: SLEEPER, down: "" },
    async play(p) {
      const waiting = p.clientResult("s6-svwait", "-u", "-t", "5000", "DIR");
      await p.svc("-u");
      p.note("s6-svwait -u", await waiting);
    },
  },
  {
    name: "s6-svlisten1 -u, -U, -d, -D, -r, -R around s6-svc",
    files: { ...READY, down: "" },
    async play(p) {
      await p.client("s6-svlisten1", "-u", "DIR", "s6-svc", "-u", "DIR");
      await p.client("s6-svlisten1", "-D", "DIR", "s6-svc", "-d", "DIR");
      await p.client("s6-svlisten1", "-U", "DIR", "s6-svc", "-u", "DIR");
      await p.client("s6-svlisten1", "-r", "DIR", "s6-svc", "-r", "DIR");
      await p.client("s6-svlisten1", "-R", "DIR", "s6-svc", "-r", "DIR");
      await p.client("s6-svlisten1", "-d", "DIR", "s6-svc", "-d", "DIR");
      // -d returns at d; the brief finishing phase (its length is the
      // machine's timing) is over at D, and then the status is the same for both.
      await p.events(/D$/);
      await p.svstat();
    },
  },
  {
    name: "s6-svlisten1 -t: times out, or fails when the supervisor leaves",
    files: { ...NEVER_READY, down: "" },
    async play(p) {
      await p.client("s6-svlisten1", "-U", "-t", "300", "DIR", "s6-svc", "-u", "DIR");
      await p.client("s6-svlisten1", "-d", "-t", "500", "DIR", "s6-svc", "-x", "DIR");
      await p.client("s6-svlisten1", "-U", "-t", "5000", "DIR", "s6-svc", "-k", "DIR");
      await p.events(/x$/);
      await p.exit();
    },
  },
  {
    name: "s6-svlisten1 -u when finish fails permanently",
    files: { run: script("exit 1"), finish: script("exit 125"), down: "" },
    async play(p) {
      await p.client("s6-svlisten1", "-u", "-t", "5000", "DIR", "s6-svc", "-o", "DIR");
      await p.events(/^sudOD$/);
    },
  },
];
