import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../helpers/run.js";

const native = fileURLToPath(new URL("../../packages/native", import.meta.url));
export const NODE_HEADERS = join(dirname(process.execPath), "..", "include", "node");

interface GypTarget {
  sources: string[];
  defines: string[];
  cflags: string[];
}

/**
 * Compiles the addon by hand, with binding.gyp's sources, defines and
 * flags (warnings are errors), plus `defines`, and links it as `out`.
 * Throws with the compiler's words when a step fails.
 */
export async function compileAddon(cc: string, out: string, defines: readonly string[] = []): Promise<void> {
  const gyp = JSON.parse(readFileSync(join(native, "binding.gyp"), "utf8")) as { targets: GypTarget[] };
  const target = gyp.targets[0]!;
  const objects: string[] = [];
  for (const src of target.sources) {
    const obj = `${out}.${src.replace(/^.*\//, "").replace(/\.c$/, ".o")}`;
    const r = await run(
      cc,
      [...target.cflags, "-Werror", "-std=gnu11", "-fPIC", ...[...target.defines, ...defines].map((d) => `-D${d}`),
        "-I", NODE_HEADERS, "-c", join(native, src), "-o", obj],
      { timeout: 60_000 },
    );
    if (r.code !== 0) throw new Error(`${cc} ${src}: ${r.stderr}`);
    objects.push(obj);
  }
  const ld = await run(cc, ["-shared", "-o", out, ...objects], { timeout: 60_000 });
  if (ld.code !== 0) throw new Error(`${cc} -shared: ${ld.stderr}`);
}

/** A shared object's dynamic symbols: kind letter (U, w, T...) and name. */
export async function dynamicSymbols(file: string, which: "--defined-only" | "--undefined-only"): Promise<{ kind: string; name: string }[]> {
  const nm = await run("nm", ["-D", which, file]);
  if (nm.code !== 0) throw new Error(`nm ${file}: ${nm.stderr}`);
  return nm.stdout.split("\n").flatMap((l) => {
    const m = /^\s*(?:[0-9a-f]+\s+)?([A-Za-z])\s+(\S+)$/.exec(l);
    return m ? [{ kind: m[1]!, name: m[2]! }] : [];
  });
}
