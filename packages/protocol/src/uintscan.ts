const UINT32_MAX = 0xffff_ffff;
const DIGITS = /^[0-9]+$/;

/**
 * skalibs' uint0_scan: the whole string is decimal digits (no sign, no
 * blanks, not empty) and fits in 32 bits; leading zeros are fine.
 */
export function uint0Scan(s: string): number | undefined {
  if (!DIGITS.test(s)) return undefined;
  const n = Number(s);
  // A long run of digits loses precision as a double but stays above the limit.
  return n <= UINT32_MAX ? n : undefined;
}
