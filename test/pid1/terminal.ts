import { spawn } from "node-pty";
import { withDeadline } from "../helpers/deadline.js";
import { TAG_VARIABLE, killTagged, newTag } from "../helpers/tagged-processes.js";

export interface Terminal {
  readonly pid: number;
  readonly tag: string;
  /** Resolves with the exit code of the program the terminal runs. */
  readonly exited: Promise<number>;
  /** Everything the terminal showed so far. */
  screen(): string;
  /** Resolves once what the terminal showed after offset `from` matches `re`. */
  waitFor(re: RegExp, ms?: number, from?: number): Promise<void>;
  write(keys: string): void;
  kill(): Promise<void>;
}

/** Runs argv as the session leader of a new pseudo-terminal, as a terminal emulator runs a shell. */
export function openTerminal(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Terminal {
  const tag = newTag();
  const [file, ...args] = argv;
  const pty = spawn(file!, args, { cols: 200, rows: 50, cwd, env: { ...process.env, ...env, [TAG_VARIABLE]: tag } });
  let text = "";
  const waiters = new Set<() => void>();
  pty.onData((d) => {
    text += d;
    for (const w of waiters) w();
  });
  const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode, signal }) => resolve(signal ? 128 + signal : exitCode)));
  return {
    pid: pty.pid,
    tag,
    exited,
    screen: () => text,
    write: (keys) => pty.write(keys),
    waitFor: async (re, ms = 5000, from = 0) => {
      let check = (): void => undefined;
      const seen = new Promise<void>((resolve) => {
        check = () => re.test(text.slice(from)) && resolve();
        waiters.add(check);
        check();
      });
      try {
        await withDeadline(seen, ms, () => `${String(re)} on the terminal, which shows:\n${text.slice(from)}`);
      } finally {
        waiters.delete(check);
      }
    },
    kill: async () => {
      await killTagged(tag);
      pty.kill("SIGKILL");
    },
  };
}
