import { getSystemErrorMap } from "node:util";
import { errnoCode } from "@ts6/protocol";

/*
 * s6 prints strerror(errno) from glibc; libuv's messages differ in case and
 * wording ("no such file or directory"), so the usual ones are spelled out.
 */
const GLIBC: Readonly<Record<string, string>> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EINTR: "Interrupted system call",
  EIO: "Input/output error",
  ENXIO: "No such device or address",
  E2BIG: "Argument list too long",
  ENOEXEC: "Exec format error",
  EBADF: "Bad file descriptor",
  ECHILD: "No child processes",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EFAULT: "Bad address",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENODEV: "No such device",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ENOTTY: "Inappropriate ioctl for device",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  ESPIPE: "Illegal seek",
  EROFS: "Read-only file system",
  EMLINK: "Too many links",
  EPIPE: "Broken pipe",
  ERANGE: "Numerical result out of range",
  EDEADLK: "Resource deadlock avoided",
  ENAMETOOLONG: "File name too long",
  ENOLCK: "No locks available",
  ENOSYS: "Function not implemented",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
  EOVERFLOW: "Value too large for defined data type",
  EOPNOTSUPP: "Operation not supported",
  ETIMEDOUT: "Connection timed out",
  ECONNREFUSED: "Connection refused",
  ESTALE: "Stale file handle",
  EDQUOT: "Disk quota exceeded",
};

/** The glibc strerror() text for an error carrying a Node errno code. */
export function errnoText(err: unknown): string {
  const code = errnoCode(err);
  if (code !== undefined) {
    const known = GLIBC[code];
    if (known !== undefined) return known;
    for (const [, [name, message]] of getSystemErrorMap()) {
      if (name === code) return message.charAt(0).toUpperCase() + message.slice(1);
    }
    return code;
  }
  return err instanceof Error ? err.message : String(err);
}
