// Asks web for its greeting every few seconds. Three failures in a row and
// it gives up with exit code 1: with --exit-on app, the container exits 1
// and the orchestrator's restart policy decides what comes next.
const url = `http://127.0.0.1:${process.env.PORT ?? 8080}/`;
const everyMs = Number(process.env.APP_INTERVAL_MS ?? 5000);
let failures = 0;

async function ask() {
  try {
    const res = await fetch(url);
    console.log(`app: web says ${JSON.stringify((await res.text()).trim())}`);
    failures = 0;
  } catch (err) {
    failures++;
    console.log(`app: web did not answer (${failures}): ${err.cause?.code ?? err.message}`);
    if (failures === 3) process.exit(1);
  }
}

await ask();
setInterval(ask, everyMs);
process.on("SIGTERM", () => process.exit(0));
