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

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
