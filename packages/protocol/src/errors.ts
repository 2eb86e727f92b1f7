/** An Error shaped like Node's own system errors, so callers can switch on `code`. */
export function errnoError(code: string, message: string, path?: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = code;
  if (path !== undefined) err.path = path;
  return err;
}

/** The errno name ("ENOENT") of a system error, or undefined for anything else thrown. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
