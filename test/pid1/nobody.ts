import { chownSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Ran, run } from "../helpers/run.js";
import { s6 } from "../helpers/s6.js";
import { SETPRIV } from "./launch.js";

export const NOBODY = 65534;
const AS_NOBODY = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"];

/** One of Debian's s6 clients, run as nobody. */
export function asNobody(program: string, args: readonly string[]): Promise<Ran> {
  return run(SETPRIV, [...AS_NOBODY, s6(program), ...args], { timeout: 15_000 });
}

/** Gives `path` and everything under it to nobody:nogroup. */
export function giveToNobody(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  if (!lstatSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) giveToNobody(join(path, name));
}

/** Every path under `path` (itself included) whose owner or group is not nobody's, with both. */
export function notNobodys(path: string): string[] {
  const st = lstatSync(path);
  const here = st.uid === NOBODY && st.gid === NOBODY ? [] : [`${path} ${st.uid}:${st.gid}`];
  if (!st.isDirectory()) return here;
  return here.concat(readdirSync(path).flatMap((n) => notNobodys(join(path, n))));
}
