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

await build({
  entryPoints: entries,
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["*.node"],
  plugins: [keepImportMetaUrl],
  logLevel: "warning",
});
