import { fileURLToPath } from "node:url";
import { type Ran, run } from "../../../../test/helpers/run.js";

export { type Ran, run };

/** A compiled ts6 bin of this package (build first: npx tsc -b). */
export function ts6Bin(name: string): string {
  return fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
}

/** Runs ts6-NAME (or `ts6` with a subcommand) with this Node. */
export function runTs6(name: string, args: readonly string[], opts: { cwd?: string; timeout?: number } = {}): Promise<Ran> {
  return run(process.execPath, [ts6Bin(name), ...args], opts);
}
