import { removeRoot, makeRoot } from "./cleanup.js";
import { EventWatch } from "./events.js";
import type { Kind } from "./kinds.js";
import { type ServiceKind, makeScandir } from "./scandir.js";
import { Tree } from "./tree.js";

export interface TreeSpec {
  services: number;
  service: ServiceKind;
  /** Every service has a ./down file: the tree starts with all of them down. */
  down?: boolean;
}

/** What every tree of a run shares (a subset of the bench options). */
export interface TreeSettings {
  /** Where the scan directories go. */
  tmpdir: string;
  /** Node options for ts6-svscan. */
  ts6NodeArgs: readonly string[];
}

/** A running tree, as a measurement sees it. */
export interface Session {
  tree: Tree;
  /** The service directories, in name order. */
  services: string[];
  /** Listening on every service's event/ since before the scanner started. */
  events: EventWatch;
  /** performance.now() just before the scanner was spawned. */
  startedAt: number;
}

/**
 * Makes a scan directory, subscribes to its services' events, starts the
 * scanner and hands all of it to fn; then stops the tree and removes every
 * process and file it left, whatever fn did.
 */
export async function withTree<T>(kind: Kind, settings: TreeSettings, spec: TreeSpec, fn: (s: Session) => Promise<T>): Promise<T> {
  const root = makeRoot(settings.tmpdir);
  let tree: Tree | undefined;
  let events: EventWatch | undefined;
  try {
    const scandir = makeScandir(root, spec.services, spec.service, { down: spec.down === true });
    events = new EventWatch(scandir.services);
    // s6-svscan counts at most -c services (500 by default); leave room for loggers.
    const max = Math.max(2000, 2 * spec.services);
    const startedAt = performance.now();
    tree = Tree.start(kind, root, scandir.path, max, settings.ts6NodeArgs);
    return await fn({ tree, services: scandir.services, events, startedAt });
  } catch (err) {
    const tail = tree?.logTail() ?? "";
    if (err instanceof Error && tail !== "") err.message += `\n--- ${kind} scanner log (tail) ---\n${tail}`;
    throw err;
  } finally {
    events?.close();
    await tree?.stop();
    await removeRoot(root);
  }
}
