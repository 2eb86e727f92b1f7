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

export function errnoCode(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
