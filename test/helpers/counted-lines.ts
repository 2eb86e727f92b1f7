export interface Verdict { last: number; gaps: number; missing: number; fragments: number; disorder: number }

/**
 * Checks lines "L<n>E" counted from 1, as the tests' producers write them:
 * every number once and in order, or how far from it (gaps and the numbers
 * missing in them, numbers out of order, lines cut short).
 */
export function verifyCounted(text: string): Verdict {
  let expected = 1;
  const v: Verdict = { last: 0, gaps: 0, missing: 0, fragments: 0, disorder: 0 };
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^L(\d+)E$/.exec(line);
    if (m === null) {
      v.fragments++;
      continue;
    }
    const n = Number(m[1]);
    if (n < expected) v.disorder++;
    else if (n > expected) {
      v.gaps++;
      v.missing += n - expected;
    }
    expected = Math.max(expected, n + 1);
    v.last = Math.max(v.last, n);
  }
  return v;
}
