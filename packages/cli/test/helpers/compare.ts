import { expect } from "vitest";
import { type Ran, run, runTs6 } from "./programs.js";
import { S6_BIN } from "./s6-available.js";

/** The client tools that exist both as s6-NAME and ts6-NAME. */
export type ClientTool = "svc" | "svstat" | "svwait" | "svok" | "svscanctl" | "svlisten1";

/**
 * Makes two runs comparable: s6's program names become ts6's (s6-svc -w
 * execs s6-svlisten1 or s6-svwait, whose messages ts6-svc prints itself),
 * pids and second counts become placeholders. `maskFields` lists the
 * space-separated stdout fields (of s6-svstat -o) that hold pids or seconds.
 */
export function normalise(r: Ran, tool: ClientTool, maskFields: readonly number[] = []): Ran {
  const text = (s: string): string =>
    s
      .replace(/(?<![\w-])s6-(svc|svstat|svwait|svok|svscanctl|svlisten1)(?=:)/g, tool === "svc" ? "ts6-svc" : "ts6-$1")
      .replace(/(?<![\w-])s6-(svc|svstat|svwait|svok|svscanctl|svlisten1)(?= )/g, "ts6-$1")
      .replace(/\(pid \d+\)/g, "(pid PID)")
      .replace(/\b\d+ seconds\b/g, "N seconds");
  const stdout = maskFields.length === 0
    ? text(r.stdout)
    : r.stdout.replace(/[^\n]+/g, (line) => line.split(" ").map((f, i) => (maskFields.includes(i) ? "#" : f)).join(" "));
  return { ...r, stdout, stderr: text(r.stderr) };
}

/**
 * Runs s6-TOOL and ts6-TOOL side by side with the same arguments and
 * expects the same outcome. Only for runs that do not change the state.
 */
export async function expectSameAsS6(
  tool: ClientTool, args: readonly string[], opts: { cwd?: string; maskFields?: readonly number[] } = {},
): Promise<Ran> {
  let [real, ours] = await runBoth(tool, args, opts.cwd);
  for (let retries = 2; retries > 0 && helperTimedOut(real); retries--) [real, ours] = await runBoth(tool, args, opts.cwd);
  const want = normalise(real, tool, opts.maskFields);
  expect(normalise(ours, tool, opts.maskFields), `s6-${tool} ${args.join(" ")} gave ${JSON.stringify(real)}`).toEqual(want);
  return ours;
}

function runBoth(tool: ClientTool, args: readonly string[], cwd: string | undefined): Promise<[Ran, Ran]> {
  return Promise.all([run(`${S6_BIN}/s6-${tool}`, args, { cwd }), runTs6(`ts6-${tool}`, args, { cwd })]);
}

/*
 * s6's listeners bound the start of their s6-ftrigrd helper, and each
 * subscription through it, by the wait's own timeout; on a loaded machine
 * a short one can run out first. Such a run says nothing about the
 * service, so the pair is run again.
 */
function helperTimedOut(r: Ran): boolean {
  return /unable to (ftrigr_startf|subscribe to events for .*): Connection timed out/.test(r.stderr);
}
