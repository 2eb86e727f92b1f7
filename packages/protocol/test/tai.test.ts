import { describe, expect, it } from "vitest";
import {
  TAIN_ZERO,
  tainCompare,
  tainFromText,
  tainFromUnixMs,
  tainNow,
  tainPack,
  tainToText,
  tainToUnixMs,
  tainUnpack,
} from "@ts6/protocol";

// The worked example of s6-protocol.md §2: the first 12 bytes of a real status file.
const VECTOR = Buffer.from("400000006b02c209109be67b", "hex");

describe("TAI64N", () => {
  it("unpacks the known vector", () => {
    const t = tainUnpack(VECTOR);
    expect(t.sec).toBe(0x400000006b02c209n);
    expect(t.nano).toBe(0x109be67b);
    expect(tainPack(t).equals(VECTOR)).toBe(true);
    expect(tainToText(t)).toBe("@400000006b02c209109be67b");
    // 2^62 + unix + 37 leap-second offset.
    expect(tainToUnixMs(t)).toBeCloseTo((0x6b02c209 - 37) * 1000 + 0x109be67b / 1e6, 6);
  });

  it("round-trips through text, and accepts upper-case hex", () => {
    const t = tainUnpack(VECTOR);
    expect(tainFromText(tainToText(t))).toEqual(t);
    expect(tainFromText("@400000006B02C209109BE67B")).toEqual(t);
    const now = tainNow();
    expect(tainFromText(tainToText(now))).toEqual(now);
  });

  it("rejects malformed text with a message that shows it", () => {
    for (const bad of ["", "@", "400000006b02c209109be67b", "@400000006b02c209109be67", "@400000006b02c209109be67bb", "@400000006b02c209109be67g"]) {
      expect(() => tainFromText(bad)).toThrow(/invalid TAI64N label .*24 hexadecimal digits/);
    }
  });

  it("tainNow agrees with Date.now to within a millisecond either way", () => {
    // The fraction comes from the monotonic clock, re-anchored whenever the
    // two clocks drift a millisecond apart.
    for (let i = 0; i < 1000; i++) {
      const before = Date.now();
      const t = tainToUnixMs(tainNow());
      const after = Date.now();
      expect(t).toBeGreaterThan(before - 1);
      expect(t).toBeLessThan(after + 1);
    }
  });

  it("tainNow orders two stamps taken within one millisecond, as s6's nanosecond stamps do", () => {
    const a = tainNow();
    const b = tainNow();
    expect(tainCompare(a, b)).toBeLessThan(0);
  });

  it("converts, adds and compares in milliseconds", () => {
    const t = tainFromUnixMs(1_700_000_000_123);
    expect(t.sec).toBe((1n << 62n) + 1_700_000_000n + 37n);
    expect(t.nano).toBe(123_000_000);
    expect(tainToUnixMs(t)).toBe(1_700_000_000_123);
    const later = tainFromUnixMs(1_700_000_002_023);
    expect(later.sec - t.sec).toBe(2n);
    expect(later.nano).toBe(23_000_000);
    expect(tainCompare(t, later)).toBe(-1);
    expect(tainCompare(later, t)).toBe(1);
    expect(tainCompare(t, tainFromUnixMs(1_700_000_000_123))).toBe(0);
    expect(tainCompare({ sec: t.sec, nano: 1 }, { sec: t.sec, nano: 2 })).toBe(-1);
  });

  it("packs at an offset and zero is all-zero bytes", () => {
    const buf = Buffer.alloc(20, 0xff);
    tainPack(tainUnpack(VECTOR), buf, 4);
    expect(buf.subarray(4, 16).equals(VECTOR)).toBe(true);
    expect(buf[3]).toBe(0xff);
    expect(buf[16]).toBe(0xff);
    expect(tainUnpack(buf, 4)).toEqual(tainUnpack(VECTOR));
    expect(tainPack(TAIN_ZERO).equals(Buffer.alloc(12))).toBe(true);
    expect(() => tainUnpack(Buffer.alloc(11))).toThrow(/12 bytes/);
  });
});
