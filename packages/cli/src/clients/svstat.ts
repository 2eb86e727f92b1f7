import { isNormallyUp, readStatusFile, tainCompare, tainNow } from "@ts6/protocol";
import { parseOptions } from "./options.js";
import type { Tool } from "./run-tool.js";
import type { Prog } from "./strerr.js";
import { supervisedOrDie } from "./supervised.js";
import { type SvstatField, fieldsLine, legacyLine, svstatField } from "./svstat-format.js";

const MAX_FIELDS = 16;
const SHORT_FIELDS: Readonly<Record<string, string>> = {
  u: "up", w: "wantedup", N: "normallyup", r: "ready", p: "pid", e: "exitcode", s: "signal", t: "updownfor",
};

export const svstatTool: Tool = {
  usage:
    "[ -uwNrpest | -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor ] [ -n ] servicedir",
  summary: "print a service's status",
  main: svstatMain,
};

async function svstatMain(prog: Prog, argv: readonly string[]): Promise<number> {
  let numeric = false;
  const fields: SvstatField[] = [];
  const add = (f: SvstatField): void => {
    if (fields.length >= MAX_FIELDS) prog.fatal(100, "too many option fields");
    fields.push(f);
  };
  const dirs = parseOptions(prog, argv, "no:uwNrpest", (opt, value) => {
    if (opt === "n") numeric = true;
    else if (opt === "o") parseFieldList(prog, value ?? "", add);
    else add(svstatField(SHORT_FIELDS[opt]!)!);
  });
  const dir = dirs[0];
  if (dir === undefined) prog.usage();
  if (!supervisedOrDie(prog, dir)) prog.unableX(1, "read status for ", dir, ": s6-supervise not running");
  let status;
  try {
    status = readStatusFile(dir);
  } catch (err) {
    prog.unableSys(111, err, "read status for ", dir);
  }
  const now = tainNow();
  /* A stamp from the future (the clock went back) counts from now. */
  if (tainCompare(status.stamp, now) > 0) status = { ...status, stamp: now };
  const view = { status, now, normallyUp: normallyUpOrDie(prog, dir) };
  process.stdout.write(`${fields.length === 0 ? legacyLine(view, numeric) : fieldsLine(view, fields)}\n`);
  return 0;
}

/* -o a,b,c: each word a prefix of a field name, in s6's table order. */
function parseFieldList(prog: Prog, list: string, add: (f: SvstatField) => void): void {
  if (list === "") return;
  const words = list.split(",");
  if (list.endsWith(",")) words.pop();
  for (const word of words) {
    if (word === "") prog.fatal(100, "invalid null option field");
    const f = svstatField(word);
    if (f === undefined) prog.fatal(100, "invalid option field: ", word);
    add(f);
  }
}

function normallyUpOrDie(prog: Prog, dir: string): boolean {
  try {
    return isNormallyUp(dir);
  } catch (err) {
    // Spelled as s6 spells it in messages: "dir/" + "/down" stays doubled.
    prog.unableSys(111, err, "access ", `${dir}/down`);
  }
}
