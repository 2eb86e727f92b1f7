import { errnoText } from "@ts6/protocol";

/** Thrown to end a tool with an exit code and, usually, a message for stderr. */
export class ToolExit extends Error {
  constructor(readonly code: number, readonly text: string) {
    super(text.trimEnd());
  }
}

/**
 * Diagnostics in the skalibs strerr format, "PROG: fatal: ...", with the
 * s6 wording after the program name so that scripts matching on s6's
 * messages keep working.
 */
export class Prog {
  constructor(readonly name: string, private readonly usageTail: string) {}

  usage(): never {
    throw new ToolExit(100, `${this.name}: usage: ${this.name} ${this.usageTail}\n`);
  }

  fatal(code: number, ...parts: string[]): never {
    throw this.fatalExit(code, ...parts);
  }

  /** The ToolExit that fatal() throws, for a caller that rejects with it later. */
  fatalExit(code: number, ...parts: string[]): ToolExit {
    return new ToolExit(code, `${this.name}: fatal: ${parts.join("")}\n`);
  }

  fatalSys(code: number, err: unknown, ...parts: string[]): never {
    this.fatal(code, ...parts, ": ", errnoText(err));
  }

  unable(code: number, ...parts: string[]): never {
    this.fatal(code, "unable to ", ...parts);
  }

  unableSys(code: number, err: unknown, ...parts: string[]): never {
    this.fatalSys(code, err, "unable to ", ...parts);
  }

  /**
   * skalibs 2.13's strerr_diefuNx macros put a stray ": " before "unable
   * to"; s6 2.11 prints "PROG: fatal: : unable to ...", and so do we.
   */
  unableX(code: number, ...parts: string[]): never {
    this.fatal(code, ": unable to ", ...parts);
  }

  warn(...parts: string[]): void {
    process.stderr.write(`${this.name}: warning: ${parts.join("")}\n`);
  }
}
