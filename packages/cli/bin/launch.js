"use strict";
// Runs a command's bundle. An addon that does not load is a problem with the
// installation, not a crash: it gets the command's name and what to do, not a
// stack trace. Any other error is thrown as it was.
module.exports = function launch(name) {
  try {
    require(`../dist/bundle/${name}.cjs`);
  } catch (e) {
    if (!(e instanceof Error) || e.code !== "TS6_NO_ADDON") throw e;
    process.stderr.write(`${name}: fatal: ${e.message}\n`);
    process.exit(111);
  }
};
