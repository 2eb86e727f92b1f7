import { errnoText } from "@ts6/protocol";

export { errnoCode } from "@ts6/protocol";

/** A failure that ends a supervisor before it runs, with s6's exit code. */
export class SupervisorStartError extends Error {
  constructor(
    message: string,
    readonly exitCode: 100 | 111,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SupervisorStartError";
  }
}

/**
 * The reason, in words, for a message a person reads: "No such file or
 * directory", as s6 and ts6's clients say it.
 */
export const errorText = errnoText;
