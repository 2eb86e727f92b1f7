import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { statusDocument } from "../status/document.js";
import { listServices } from "../status/services.js";
import type { HttpAddress } from "./container-options.js";
import { renderMetrics } from "./metrics.js";
import { holdsTreeBack } from "./readiness.js";
import { reportsOf } from "./tree-reports.js";

/** What the endpoints need from the running ts6-svscan. */
export interface HttpContext {
  scandir: string;
  orphansReaped(): number;
  /** The tree is coming down. */
  stopping(): boolean;
}

type Reply = [status: number, type: string, body: string];
type Route = (ctx: HttpContext) => Reply | Promise<Reply>;

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * --http: a read-only view of the tree for probes and scrapers. Every
 * answer is computed from supervise/status and supervise/death_tally, as
 * `ts6 status` reads them; nothing here can change anything. This module is
 * loaded only when --http is given. Resolves with the port bound (the
 * kernel's pick for port 0). The server lives as long as the process: its
 * socket is close-on-exec, gone when ts6-svscan becomes .s6-svscan/finish.
 */
export function startHttpServer(addr: HttpAddress, ctx: HttpContext): Promise<number> {
  const server = createServer((req, res) => respond(req, res, ctx));
  // A probe must never hold the tree's shutdown up.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(addr.port, addr.host, () => {
      server.off("error", reject);
      server.unref();
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function respond(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  let reply: Reply;
  const path = (req.url ?? "/").split("?")[0];
  const route = path === undefined ? undefined : ROUTES[path];
  if (route === undefined) reply = [404, TEXT_TYPE, `not found: ${path ?? ""}; try /healthz, /readyz, /metrics or /status\n`];
  else if (req.method !== "GET" && req.method !== "HEAD") reply = [405, TEXT_TYPE, `${req.method ?? ""} not allowed: this endpoint is read-only\n`];
  else {
    try {
      reply = await route(ctx);
    } catch (err) {
      reply = [500, TEXT_TYPE, `unable to read the tree's status: ${err instanceof Error ? err.message : String(err)}\n`];
    }
  }
  const [status, type, body] = reply;
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...(status === 405 ? { allow: "GET, HEAD" } : {}) });
  res.end(req.method === "HEAD" ? undefined : body);
}

const ROUTES: Record<string, Route | undefined> = {
  "/healthz": () => [200, TEXT_TYPE, "ok\n"],
  "/readyz": (ctx) => {
    const reports = reportsOf(ctx.scandir, listServices(ctx.scandir).entries);
    // While the tree comes down nothing is wanted up any more: not ready, all the same.
    const pending = ctx.stopping() ? reports : reports.filter(holdsTreeBack);
    if (!ctx.stopping() && pending.length === 0) return [200, TEXT_TYPE, "ready\n"];
    return [503, JSON_TYPE, `${JSON.stringify(pending, null, 2)}\n`];
  },
  "/status": async (ctx) => {
    const listing = listServices(ctx.scandir);
    const doc = await statusDocument(process.cwd(), listing.kind, reportsOf(ctx.scandir, listing.entries));
    return [200, JSON_TYPE, `${JSON.stringify(doc, null, 2)}\n`];
  },
  "/metrics": (ctx) => [200, METRICS_TYPE, renderMetrics(reportsOf(ctx.scandir, listServices(ctx.scandir).entries), { orphansReaped: ctx.orphansReaped() })],
};
