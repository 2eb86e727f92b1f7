/**
 * A strict reader of Prometheus' text exposition format 0.0.4, for tests:
 * anything the format does not allow throws, with the line. Checks what a
 * lenient parser lets through: name and label syntax, escapes, numbers,
 * one TYPE and HELP per family before its samples, a family's samples
 * together, no series twice, the final newline.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  type: string;
  help: string | undefined;
  samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES = ["_bucket", "_sum", "_count"];

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text !== "" && !text.endsWith("\n")) throw new Error("the exposition does not end with a newline");
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: string | undefined;
  const family = (name: string): Family => {
    let f = families.get(name);
    if (f === undefined) families.set(name, (f = { type: "untyped", help: undefined, samples: [] }));
    return f;
  };
  const enter = (name: string, line: string): void => {
    if (name === current) return;
    if (closed.has(name)) throw new Error(`family ${name} appears twice, not in one group: ${line}`);
    if (current !== undefined) closed.add(current);
    current = name;
  };
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (m === null) continue;
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!METRIC.test(name)) throw new Error(`bad metric name: ${line}`);
      enter(name, line);
      const f = family(name);
      if (kind === "HELP") {
        if (f.help !== undefined) throw new Error(`second HELP: ${line}`);
        f.help = unescape(rest, false, line);
      } else {
        if (!TYPES.has(rest)) throw new Error(`bad TYPE: ${line}`);
        if (f.samples.length > 0 || f.type !== "untyped") throw new Error(`TYPE after samples or twice: ${line}`);
        f.type = rest;
      }
      continue;
    }
    const s = parseSample(line);
    const owner = familyOf(s.name, families);
    enter(owner, line);
    const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
    if (series.has(key)) throw new Error(`series twice: ${line}`);
    series.add(key);
    family(owner).samples.push(s);
  }
  return families;
}

function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of SUFFIXES) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && ["histogram", "summary"].includes(families.get(base)?.type ?? "")) return base;
  }
  return name;
}

function parseSample(line: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?[0-9]+)?$/.exec(line);
  if (m === null) throw new Error(`bad sample line: ${line}`);
  const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
  return { name, labels: labelText === undefined ? {} : parseLabels(labelText, line), value: parseValue(valueText, line) };
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 1;
  while (text[i] !== "}") {
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new Error(`bad labels: ${line}`);
    const name = text.slice(i, eq);
    if (!LABEL.test(name) || name.startsWith("__")) throw new Error(`bad label name ${JSON.stringify(name)}: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`label value not quoted: ${line}`);
    let j = eq + 2;
    while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    if (j >= text.length) throw new Error(`unterminated label value: ${line}`);
    labels[name] = unescape(text.slice(eq + 2, j), true, line);
    i = j + 1;
    if (text[i] === ",") i++;
    else if (text[i] !== "}") throw new Error(`expected , or } after a label: ${line}`);
  }
  if (i !== text.length - 1) throw new Error(`text after the labels: ${line}`);
  return labels;
}

function unescape(s: string, quoted: boolean, line: string): string {
  return s.replace(/\\(.?)/g, (_, c: string) => {
    if (c === "\\") return "\\";
    if (c === "n") return "\n";
    if (c === '"' && quoted) return '"';
    throw new Error(`bad escape \\${c}: ${line}`);
  });
}

function parseValue(s: string, line: string): number {
  if (s === "NaN") return NaN;
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (!/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) throw new Error(`bad value ${JSON.stringify(s)}: ${line}`);
  return Number(s);
}
