import { describe, expect, it } from "vitest";
import { wexitstatus, wifexited, wifsignaled, wtermsig } from "@ts6/protocol";

describe("wait-status decoding", () => {
  it("reads an exit code", () => {
    expect([wifexited(0), wexitstatus(0)]).toEqual([true, 0]);
    expect([wifexited(0x300), wexitstatus(0x300), wifsignaled(0x300)]).toEqual([true, 3, false]);
  });

  it("reads a killing signal, with or without the core dump bit", () => {
    expect([wifexited(9), wifsignaled(9), wtermsig(9)]).toEqual([false, true, 9]);
    expect([wifexited(0x8b), wifsignaled(0x8b), wtermsig(0x8b)]).toEqual([false, true, 11]);
  });

  it("reads a stopped child as neither exited nor killed", () => {
    expect([wifexited(0x137f), wifsignaled(0x137f)]).toEqual([false, false]);
  });
});
