import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "./prometheus-text.js";

describe("the strict Prometheus text parser the /metrics tests use", () => {
  it("reads families, labels with escapes and values", () => {
    const f = parsePrometheusText('# HELP a the a\\\\b\n# TYPE a gauge\na{s="x\\"y\\n"} 1.5\na{s="z"} -2\n# TYPE c counter\nc 3\n');
    expect(f.get("a")).toEqual({ type: "gauge", help: "the a\\b", samples: [
      { name: "a", labels: { s: 'x"y\n' }, value: 1.5 }, { name: "a", labels: { s: "z" }, value: -2 },
    ] });
    expect(f.get("c")?.samples[0]?.value).toBe(3);
  });

  it.for([
    ["no final newline", "a 1"],
    ["an unquoted label value", "a{s=x} 1\n"],
    ["an unterminated label value", 'a{s="x} 1\n'],
    ["a bad escape", 'a{s="\\t"} 1\n'],
    ["a name starting with a digit", "1a 1\n"],
    ["a value that is not a number", "a one\n"],
    ["TYPE after a sample", "a 1\n# TYPE a gauge\n"],
    ["a family split in two", "a 1\nb 1\na{x=\"1\"} 2\n"],
    ["the same series twice", 'a{x="1"} 1\na{x="1"} 2\n'],
    ["an unknown TYPE", "# TYPE a thing\n"],
  ])("rejects %s", ([, text]) => {
    expect(() => parsePrometheusText(text!)).toThrow();
  });
});
