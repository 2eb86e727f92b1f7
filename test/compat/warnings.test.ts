import { describe, expect, test } from "vitest";
import { waitFile } from "../helpers/files.js";
import { haveS6 } from "../helpers/s6.js";
import { Sandbox } from "../helpers/sandbox.js";
import { SLEEPER, type ServiceFiles, script } from "../helpers/service-dir.js";

/*
 * ts6-supervise's diagnostics are pino records (JSON lines when stderr is
 * not a terminal). Every warning s6 would print is there, and names the
 * service, the file or syscall, and the errno when there is one.
 */

type Record = { [key: string]: unknown };

function records(stderr: string): Record[] {
  return stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record);
}

interface Case {
  name: string;
  files: ServiceFiles;
  settle?: RegExp;
  want: Record;
}

const CASES: Case[] = [
  { name: "run missing", files: {}, want: { file: "./run", syscall: "spawn", code: "ENOENT", msg: expect.stringMatching(/^unable to spawn \.\/run - waiting 10 seconds/) } },
  { name: "run not executable", files: { run: { text: SLEEPER, mode: 0o644 } }, want: { file: "./run", syscall: "spawn", code: "EACCES" } },
  { name: "run a directory", files: { run: { directory: true } }, want: { file: "./run", syscall: "spawn", code: "EACCES" } },
  {
    name: "lock-fd without supervise/service-lock",
    files: { run: SLEEPER, "lock-fd": "4\n" },
    want: { file: "svc/supervise/service-lock", code: "ENOENT", msg: expect.stringMatching(/waiting 60 seconds/) },
  },
  {
    name: "garbage in notification-fd",
    files: { run: SLEEPER, "notification-fd": "three\n" },
    settle: /^su$/,
    want: { file: "svc/notification-fd", problem: expect.stringMatching(/invalid/) },
  },
  {
    name: "finish not executable",
    files: { run: script("exit 0"), finish: { text: "#!/bin/sh\n", mode: 0o644 }, down: "" },
    want: { file: "./finish", code: "EACCES" },
  },
];

// The services are driven with Debian's s6-svc.
if (haveS6("ts6-supervise's warnings")) describe.concurrent("ts6-supervise's warnings", () => {
  for (const c of CASES) {
    test(c.name, async ({ onTestFinished }) => {
      const box = new Sandbox();
      onTestFinished(() => box.close());
      const s = await box.supervise("ts6", c.files);
      if (c.settle !== undefined) await s.events.waitFor(c.settle);
      if (c.name.startsWith("finish")) {
        await s.svc("-o");
        await s.events.waitFor(/^sudD$/);
      }
      // Told to leave too early, a supervisor never tries what the case is about.
      await waitFile(s.sup.stderrPath, (t) => records(t).some((r) => r.level === 40));
      await s.svc("-dx");
      await s.sup.waitExit();
      const warnings = records(s.sup.stderr).filter((r) => r.level === 40);
      expect(warnings).toContainEqual(expect.objectContaining({ name: "ts6-supervise", service: "svc", ...c.want }));
    });
  }
});
