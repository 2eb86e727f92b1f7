import { errnoText } from "@ts6/protocol";
import type { Logger } from "@ts6/supervise";
import type { HttpAddress } from "./container-options.js";
import type { HttpContext } from "./http-server.js";

/**
 * Starts the --http endpoint. The server lives in a module of its own,
 * imported only here and only then (the bundle keeps it in a file of its
 * own): a tree without --http never loads node:http. Rejects with a
 * message for the log when the address cannot be bound.
 */
export async function launchHttp(addr: HttpAddress, ctx: HttpContext, log: Logger): Promise<void> {
  const { startHttpServer } = await import("./http-server.js");
  const shown = addr.host.includes(":") ? `[${addr.host}]` : addr.host;
  let port;
  try {
    port = await startHttpServer(addr, ctx);
  } catch (err) {
    throw new Error(`unable to listen on ${shown}:${addr.port} (--http): ${errnoText(err)}`);
  }
  log.info({ port }, `serving /healthz, /readyz, /metrics and /status on http://${shown}:${port}`);
}
