// Bundles each command (dist/bin/*.js, compiled by tsc) into one CommonJS
// file, dist/bundle/NAME.cjs, which bin/NAME.js loads. A daemon that loads
// one CommonJS file instead of some forty ES modules keeps about 6 MB less
// resident for its whole life (docs/benchmarks.md), and starts faster.
import { build } from "esbuild";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The package's root; scripts/pack.mjs passes the one it stages, whose
// bundled packages sit elsewhere relative to the bundles than in the repo.
const cli = process.argv[2] ? resolve(process.argv[2]) : join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(cli, "dist", "bundle");
const entries = (await readdir(join(cli, "dist", "bin")))
  .filter((f) => f.endsWith(".js"))
  .map((f) => join(cli, "dist", "bin", f));

// A module's import.meta.url, inside the bundle, is still its own file's
// URL, computed at run time from where the bundle is: paths relative to a
// module (the native addon, the ts6-svscan launcher) resolve as unbundled.
const keepImportMetaUrl = {
  name: "keep-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      if (!source.includes("import.meta.url")) return undefined;
      const rel = JSON.stringify(relative(outdir, args.path));
      const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${rel})).href`;
      return { contents: source.replaceAll("import.meta.url", url), loader: "js", resolveDir: dirname(args.path) };
    });
  },
};

// ts6-svscan's --http server is a file of its own, loaded only with --http:
// a tree without it pays no memory for node:http (docs/kubernetes.md).
const HTTP_SERVER = "ts6-svscan-http";
const httpServerApart = {
  name: "http-server-apart",
  setup(b) {
    b.onResolve({ filter: /\/http-server\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: `./${HTTP_SERVER}.cjs`, external: true } : undefined);
  },
};

// pino's transports run in worker threads (thread-stream), and its own
// destinations are sonic-boom streams; the daemons log through a synchronous
// destination of their own (packages/supervise/src/log.ts) and use neither.
// Left in, that code is loaded at start-up for nothing (about 1.3 MB of RSS
// for ts6-svscan): each is replaced by a stub that throws if it is ever used.
const withoutPinoStreams = {
  name: "without-pino-streams",
  setup(b) {
    b.onResolve({ filter: /^(\.\/transport|thread-stream|sonic-boom)$/ }, (args) =>
      args.path === "thread-stream" || args.path === "sonic-boom" || /[\\/]pino[\\/]lib$/.test(args.resolveDir)
        ? { path: args.path, namespace: "pino-transport-stub" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "pino-transport-stub" }, () => ({
      contents: 'module.exports = class Unbundled { constructor() { throw new Error("pino transports and destinations are not part of the ts6 bundle"); } };',
      loader: "js",
    }));
  },
};

// pino's tools ask node:worker_threads whether they run on the main thread,
// only to set up the sonic-boom destinations left out above. Loading it
// brings the worker machinery (about 0.2 MB of RSS for ts6-svscan, more with
// the stream modules it pulls in): pino gets the answer, the main thread,
// without it.
const withoutWorkerThreads = {
  name: "without-worker-threads",
  setup(b) {
    b.onResolve({ filter: /^(node:)?worker_threads$/ }, (args) =>
      /[\\/]pino[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: "pino-main-thread" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "pino-main-thread" }, () => ({
      contents: "module.exports = { isMainThread: true };",
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [...entries, { in: join(cli, "dist", "svscan", "http-server.js"), out: HTTP_SERVER }],
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["*.node"],
  plugins: [keepImportMetaUrl, httpServerApart, withoutPinoStreams, withoutWorkerThreads],
  // import() of the http server becomes a plain require: the ESM loader would cost memory of its own.
  supported: { "dynamic-import": false },
  logLevel: "warning",
});
