import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { UsageError, msg } from '../messages.js';

// The live preview's web server: a plain node:http server that answers with the notebook page, its
// update stream (Server-Sent Events) and nothing else. It never touches the file system, so no path can
// reach a file; requests that try (`..`, `%2e%2e`) are refused outright all the same, and so is every
// request whose Host header is not this server (a DNS-rebinding page would name its own host).

/** The port the preview tries first; when it is taken, the next free one up to `DEFAULT_PREVIEW_PORT + 19`. */
export const DEFAULT_PREVIEW_PORT = 4178;
/** How many ports from the default are tried. */
export const PREVIEW_PORT_TRIES = 20;
/** Open update streams allowed at once (each is one open page). */
export const MAX_PREVIEW_CLIENTS = 64;

/** What the server serves; the watcher owns the content. */
export interface PreviewServerOptions {
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port; `undefined` for the default with fallback, 0 for one the system picks. */
  readonly port?: number;
  /** First port tried when `port` is not given (default `DEFAULT_PREVIEW_PORT`). */
  readonly defaultPort?: number;
  /** The page as it is now. */
  readonly page: () => string;
  /** Content-Security-Policy header of the page. */
  readonly csp: string;
  /** Events a new update stream starts with (the current page), as [event, data] pairs. */
  readonly hello: () => readonly (readonly [string, string])[];
}

/** A running preview server. */
export interface PreviewServer {
  /** The port it listens on. */
  readonly port: number;
  /** Its address for a browser on this machine: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Sends an event to every open page. */
  broadcast(event: string, data: string): void;
  /** How many pages are connected. */
  readonly clients: number;
  /** Ends every update stream and stops listening. */
  close(): Promise<void>;
}

/** What a request asks for, judged from its raw target alone. */
export type RequestTarget = 'page' | 'events' | 'favicon' | 'traversal' | 'unknown';

/**
 * Sorts a raw request target (`req.url`, as sent) into what the server serves. Anything with `..`,
 * a backslash or a NUL, also percent-encoded (once or twice: `%2e%2e`, `%252e%252e`), is `traversal`;
 * the query string is ignored.
 * @example requestTarget('/?x=1') // => 'page'
 * @example requestTarget('/%2e%2e/etc/passwd') // => 'traversal'
 */
export function requestTarget(raw: string): RequestTarget {
  if (!raw.startsWith('/')) return 'traversal';
  const path = raw.split(/[?#]/, 1)[0]!;
  let decoded = path;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return 'traversal';
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (/(^|[/\\])\.\.($|[/\\])/.test(decoded) || decoded.includes('\\') || decoded.includes('\0') || /%2e|%2f|%5c/i.test(decoded))
    return 'traversal';
  if (path === '/' || path === '/index.html') return 'page';
  if (path === '/events') return 'events';
  if (path === '/favicon.ico') return 'favicon';
  return 'unknown';
}

/**
 * Whether a Host header names this server: one of `names` (case-insensitive), alone or with this
 * server's port. IPv6 names are written in brackets (`[::1]:4178`).
 * @example isAllowedHost('localhost:4178', ['localhost', '127.0.0.1'], 4178) // => true
 * @example isAllowedHost('evil.example:4178', ['localhost', '127.0.0.1'], 4178) // => false
 */
export function isAllowedHost(header: string | undefined, names: readonly string[], port: number): boolean {
  if (header === undefined) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!m) return false;
  if (m[2] !== undefined && Number(m[2]) !== port) return false;
  const name = m[1]!.toLowerCase().replace(/\.$/, '');
  return names.some((n) => n.toLowerCase() === name);
}

/** Whether an address listens on every interface. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The names a Host header may use for a server listening on `host`: always `localhost` and
 * `127.0.0.1`; for another address also that address; on every interface (`0.0.0.0`, `::`) also
 * this machine's name and every address of its interfaces.
 */
export function allowedHostNames(host: string): string[] {
  const names = new Set(['localhost', '127.0.0.1']);
  const bracket = (a: string) => (a.includes(':') ? `[${a.replace(/^\[|\]$/g, '')}]` : a);
  if (isWildcardHost(host)) {
    names.add(hostname().toLowerCase());
    names.add('[::1]');
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address.toLowerCase()));
  } else {
    names.add(bracket(host.toLowerCase()));
  }
  return [...names];
}

const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * Starts the preview server on `host` (default 127.0.0.1). Without a port it tries
 * `DEFAULT_PREVIEW_PORT` and the next ones; a port given that is taken is an error.
 * @throws UsageError when the port is taken or the address cannot be listened on.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<ServerResponse>();
  let port = 0;
  const names = allowedHostNames(host);

  const refuse = (res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req.headers.host, names, port)) return refuse(res, 403, msg.httpWrongHost());
    const target = requestTarget(req.url ?? '');
    if (target === 'traversal') return refuse(res, 400, msg.httpTraversal());
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, msg.httpMethod(), { Allow: 'GET, HEAD' });
    if (target === 'unknown') return refuse(res, 404, msg.httpNotFound());
    if (target === 'favicon') {
      res.writeHead(204, COMMON_HEADERS);
      return res.end();
    }
    if (target === 'page') {
      const body = options.page();
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Content-Security-Policy': `${options.csp}; frame-ancestors 'none'`,
      });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    // The update stream. A page of another origin cannot read it (no CORS headers), but say no early.
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedHost(origin.replace(/^https?:\/\//, ''), names, port))
      return refuse(res, 403, msg.httpWrongHost());
    if (clients.size >= MAX_PREVIEW_CLIENTS) return refuse(res, 503, msg.httpTooManyClients());
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    if (req.method === 'HEAD') return res.end();
    res.write('retry: 1000\n\n');
    for (const [event, data] of options.hello()) res.write(sseMessage(event, data));
    clients.add(res);
    req.socket.setKeepAlive(true);
    res.on('close', () => clients.delete(res));
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  if (options.port !== undefined) {
    try {
      port = await listen(server, host, options.port);
    } catch (e) {
      throw e instanceof PortInUse ? new UsageError(msg.previewPortInUse(options.port)) : e;
    }
  } else {
    const first = options.defaultPort ?? DEFAULT_PREVIEW_PORT;
    for (let p = first; ; p++) {
      try {
        port = await listen(server, host, p);
        break;
      } catch (e) {
        if (!(e instanceof PortInUse)) throw e;
        if (p >= first + PREVIEW_PORT_TRIES - 1) throw new UsageError(msg.previewNoFreePort(first, p));
      }
    }
  }
  // A comment line now and then keeps idle streams open through anything that times them out.
  const heartbeat = setInterval(() => clients.forEach((c) => c.write(': keep-alive\n\n')), 15_000);
  heartbeat.unref();

  const shownHost = isWildcardHost(host) ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    port,
    url: `http://${shownHost}:${port}/`,
    get clients() {
      return clients.size;
    },
    broadcast(event, data) {
      const text = sseMessage(event, data);
      for (const c of clients) c.write(text);
    },
    close() {
      clearInterval(heartbeat);
      for (const c of clients) c.end();
      clients.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** One Server-Sent Event: each line of data on its own `data:` line. */
export function sseMessage(event: string, data: string): string {
  return `event: ${event}\n${data
    .split(/\r\n|\r|\n/)
    .map((l) => `data: ${l}`)
    .join('\n')}\n\n`;
}

/** The port is taken (the caller decides whether to try the next). */
class PortInUse extends Error {}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (e.code === 'EADDRINUSE') reject(new PortInUse(`port ${port} is in use`));
      else reject(new UsageError(msg.previewCannotListen(host, port, e.message)));
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: host.replace(/^\[|\]$/g, ''), port, exclusive: true });
  });
}
