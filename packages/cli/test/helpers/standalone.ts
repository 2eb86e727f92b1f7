import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ServiceHandle } from "ts6";
import { ts6Bin } from "./programs.js";

/**
 * Services each under its own ts6-supervise process, with no scanner: the
 * supervisor bin on its own, as a user or a test harness starts it.
 */
export class StandaloneSupervisors {
  private readonly children = new Map<string, { child: ChildProcess; exited: Promise<void> }>();

  constructor(private readonly scandir: string) {}

  start(name: string): void {
    const child = spawn(process.execPath, [ts6Bin("ts6-supervise"), name], {
      cwd: this.scandir, stdio: "ignore", detached: true,
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    this.children.set(name, { child, exited });
  }

  service(name: string): ServiceHandle {
    return new ServiceHandle(name, join(this.scandir, name));
  }

  /* SIGTERM is s6-supervise's "bring the service down, then exit". */
  async stop(): Promise<void> {
    for (const { child } of this.children.values()) child.kill("SIGTERM");
    await Promise.all([...this.children.values()].map((c) => c.exited));
  }
}
