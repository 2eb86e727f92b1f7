// Answers every request with a greeting, logs each one, and is ready once
// it listens. On SIGTERM (s6-svc -d, docker stop) it stops accepting,
// lets the requests in flight finish, and exits 0.
import { createServer } from "node:http";
import { closeSync, writeSync } from "node:fs";

const port = Number(process.env.PORT ?? 8080);
const server = createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  res.end("hello from ts6\n");
});

server.listen(port, () => {
  console.log(`listening on ${port}`);
  // One newline on the notification fd: web is ready.
  writeSync(3, "\n");
  closeSync(3);
});

process.on("SIGTERM", () => {
  console.log("stopping");
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
