import { signalNumber } from "@ts6/protocol";
import type { ServiceReport } from "../status/report.js";
import { upAndReady } from "./readiness.js";

/** What /metrics reports besides each service's status. */
export interface TreeFigures {
  orphansReaped: number;
}

interface Family {
  name: string;
  type: "gauge" | "counter";
  help: string;
  samples: Array<[labels: string, value: number]>;
}

/**
 * Prometheus' text exposition format (version 0.0.4), written by hand:
 * gauges and one counter, a HELP and a TYPE line for each family, then its
 * samples. A client library would cost more memory than this whole module
 * for these four kinds of line (docs/kubernetes.md has the figures).
 */
export function renderMetrics(reports: readonly ServiceReport[], tree: TreeFigures): string {
  const perService = (name: string, help: string, value: (r: ServiceReport) => number | null): Family => ({
    name, type: "gauge", help,
    samples: reports.flatMap((r) => {
      const v = value(r);
      return v === null ? [] : [[`{service="${escapeLabel(r.name)}"}`, v] as [string, number]];
    }),
  });
  const families: Family[] = [
    perService("ts6_service_up", "1 when the service's run process is alive (not finishing)", (r) => bit(r.state === "up")),
    perService("ts6_service_ready", "1 when up and ready: it notified readiness, or it has no notification-fd", (r) => bit(upAndReady(r))),
    perService("ts6_service_wanted_up", "1 when the supervisor wants the service up", (r) => bit(r.wantUp === true)),
    perService("ts6_service_normally_up", "1 when the service has no ./down file", (r) => bit(r.normallyUp)),
    perService("ts6_service_restarts", "deaths of run since the supervisor started, from supervise/death_tally (capped by max-death-tally)", (r) => r.restarts),
    perService("ts6_service_state_seconds", "seconds since the service last went up or down", (r) => r.seconds),
    perService("ts6_service_last_exit_code", "exit code of run's last death, while down after an exit", (r) => r.exitCode),
    perService("ts6_service_last_signal", "number of the signal that killed run last, while down after such a death", (r) => (r.signal === null ? null : (signalNumber(r.signal) ?? null))),
    { name: "ts6_services", type: "gauge", help: "service directories supervised, loggers included", samples: [["", reports.filter((r) => r.supervised).length]] },
    { name: "ts6_orphans_reaped_total", type: "counter", help: "orphaned processes reaped by ts6-svscan (PID 1 or subreaper)", samples: [["", tree.orphansReaped]] },
  ];
  let out = "";
  for (const f of families) {
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const [labels, value] of f.samples) out += `${f.name}${labels} ${value}\n`;
  }
  return out;
}

const bit = (b: boolean): number => (b ? 1 : 0);

/* The three characters the format escapes in a label value. */
function escapeLabel(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}
