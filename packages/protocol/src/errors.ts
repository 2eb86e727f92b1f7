/** An Error shaped like Node's own system errors, so callers can switch on `code`. */
export function errnoError(code: string, message: string, path?: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = code;
  if (path !== undefined) err.path = path;
  return err;
}
