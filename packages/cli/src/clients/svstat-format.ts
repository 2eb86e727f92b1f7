import {
  type SupervisorStatus, type Tain, isReady, isUp, signalName, tainToText, wexitstatus, wifexited, wifsignaled, wtermsig,
} from "@ts6/protocol";
import { secondsBetween } from "./tain-math.js";

/** What s6-svstat knows when it prints: the status file, the clock, and ./down. */
export interface SvstatView {
  status: SupervisorStatus;
  now: Tain;
  normallyUp: boolean;
}

export type SvstatField = (v: SvstatView) => string;

const bool = (b: boolean): string => (b ? "true" : "false");
const deadSignal = (s: SupervisorStatus): number => (!isUp(s) && wifsignaled(s.wstat) ? wtermsig(s.wstat) : -1);

/** The -o fields in s6's order: a prefix selects the first name it matches. */
export const SVSTAT_FIELDS: ReadonlyArray<readonly [string, SvstatField]> = [
  ["up", (v) => bool(isUp(v.status))],
  ["wantedup", (v) => bool(v.status.wantUp)],
  ["normallyup", (v) => bool(v.normallyUp)],
  ["ready", (v) => bool(isReady(v.status))],
  ["paused", (v) => bool(v.status.paused)],
  ["pid", (v) => (isUp(v.status) ? String(v.status.pid) : "-1")],
  ["exitcode", (v) => String(!isUp(v.status) && wifexited(v.status.wstat) ? wexitstatus(v.status.wstat) : -1)],
  ["signal", (v) => {
    const sig = deadSignal(v.status);
    return sig === -1 ? "NA" : signalName(sig);
  }],
  ["signum", (v) => String(deadSignal(v.status))],
  ["updownsince", (v) => tainToText(v.status.stamp)],
  ["readysince", (v) => tainToText(v.status.readyStamp)],
  ["updownfor", (v) => secondsBetween(v.status.stamp, v.now).toString()],
  ["readyfor", (v) => secondsBetween(v.status.readyStamp, v.now).toString()],
];

/** The field a -o word names, by s6's rule: the word is a prefix of the name. */
export function svstatField(word: string): SvstatField | undefined {
  return SVSTAT_FIELDS.find(([name]) => name.startsWith(word))?.[1];
}

export function fieldsLine(v: SvstatView, fields: readonly SvstatField[]): string {
  return fields.map((f) => f(v)).join(" ");
}

/** s6-svstat's default line, e.g. "up (pid 42) 3 seconds, ready 2 seconds". */
export function legacyLine(v: SvstatView, numericSignal: boolean): string {
  const s = v.status;
  const up = isUp(s);
  let out: string;
  if (up) out = `up (pid ${s.pid}) `;
  else if (wifsignaled(s.wstat)) {
    const sig = wtermsig(s.wstat);
    out = `down (signal ${numericSignal ? String(sig) : signalName(sig)}) `;
  } else out = `down (exitcode ${wexitstatus(s.wstat)}) `;
  out += `${secondsBetween(s.stamp, v.now)} seconds`;
  if (up && !v.normallyUp) out += ", normally down";
  if (!up && v.normallyUp) out += ", normally up";
  if (up && s.paused) out += ", paused";
  if (!up && s.wantUp) out += ", want up";
  if (up && !s.wantUp) out += ", want down";
  if (s.ready) out += `, ready ${secondsBetween(s.readyStamp, v.now)} seconds`;
  return out;
}
