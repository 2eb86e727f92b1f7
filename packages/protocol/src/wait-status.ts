// Linux's encoding of a wait status: low 7 bits the terminating signal (0:
// exited, 0x7f: stopped), bit 7 the core dump flag, next byte the exit code.

export function wifexited(wstat: number): boolean {
  return (wstat & 0x7f) === 0;
}

export function wexitstatus(wstat: number): number {
  return (wstat >> 8) & 0xff;
}

export function wifsignaled(wstat: number): boolean {
  const sig = wstat & 0x7f;
  return sig !== 0 && sig !== 0x7f;
}

export function wtermsig(wstat: number): number {
  return wstat & 0x7f;
}
