import { isSupervised } from "@ts6/protocol";
import type { Prog } from "./strerr.js";

/** s6_svc_ok, dying as s6's clients do when the check itself fails. */
export function supervisedOrDie(prog: Prog, dir: string): boolean {
  try {
    return isSupervised(dir);
  } catch (err) {
    prog.unableSys(111, err, "check ", dir);
  }
}
