import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isatty, pipe } from "@ts6/native";
import { freeFd } from "./helpers.js";

describe("isatty", () => {
  it("is true for a terminal: a pseudo-terminal's master", () => {
    const fd = openSync("/dev/ptmx", "r+");
    try {
      expect(isatty(fd)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it("is false for a pipe, and for an fd that is not open", () => {
    const p = pipe();
    try {
      expect(isatty(p.read)).toBe(false);
    } finally {
      closeSync(p.read);
      closeSync(p.write);
    }
    expect(isatty(freeFd(100, 1000))).toBe(false);
  });

  it("refuses what is not an fd", () => {
    expect(() => isatty(-1)).toThrow(RangeError);
  });
});
