import { createServer, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log/logger.ts';
import { operationOutcome } from './operation-outcome.ts';

/**
 * Largest request head (request line and headers) the server parses: 64 KiB. Node's default, 16 KiB, let a
 * bearer token of a little over 16 KB end in an empty 431 before any route saw it; with room up to 64 KiB the
 * token reaches its route and is refused there as a token (CDS Hooks: the bare 401, over 8 KB; the SMART app:
 * a 401 OperationOutcome). Bounded, so one connection cannot hold an unbounded head in memory.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The raw answer to a request Node refused before routing (RFC 9110 §15.5, RFC 6585 §5): an OperationOutcome,
 * and the same head without its body for a HEAD request (RFC 9110 §9.3.2: a body there breaks the client).
 */
function rawAnswer(status: number, reason: string, code: string, diagnostics: string): { full: string; head: string } {
  const body = JSON.stringify(operationOutcome('error', code, diagnostics));
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/fhir+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  return { full: head + body, head };
}

/**
 * Whether the refused request is a HEAD. The parser hands over only the chunk it failed in: the request line
 * is in it when the failure comes early (malformed HTTP), not when a head overflows after its first read. Then
 * the method is unknown and the answer carries its body: a HEAD with a head over 64 KiB reads a 431 with a body.
 */
function isHead(error: Error & { rawPacket?: unknown }): boolean {
  return Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
}

const HEADERS_TOO_LARGE = rawAnswer(
  431,
  'Request Header Fields Too Large',
  'too-long',
  `the request headers are larger than ${MAX_HEADER_BYTES / 1024} KiB`,
);
const TIMEOUT = rawAnswer(408, 'Request Timeout', 'timeout', 'the request was not received in time');
const BAD_REQUEST = rawAnswer(400, 'Bad Request', 'structure', 'the request is not valid HTTP/1.1');

/**
 * Answers a request that Node's parser refused (headers over the limit, malformed HTTP, a head received too
 * slowly) with an OperationOutcome, as every other error is answered, instead of Node's empty status line.
 * Only when nothing of a response has been written to the connection yet, as Node's own handler does, so a
 * keep-alive peer is never sent a corrupted stream. The log names the parser's error code only: the request
 * (its headers, a token) is never quoted.
 */
function answerClientError(
  logger: Logger,
): (error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    logger.info({ errorCode: error.code ?? error.name }, 'HTTP request refused by the parser');
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const answer =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? HEADERS_TOO_LARGE
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? TIMEOUT
          : BAD_REQUEST;
    socket.end(isHead(error) ? answer.head : answer.full);
  };
}

/** The HTTP server for the app: bounded request heads and FHIR-shaped answers to requests refused before routing. */
export function createHttpServer(app: RequestListener, logger: Logger): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  server.on('clientError', answerClientError(logger));
  return server;
}

/** Creates the app's HTTP server and listens on `port` (0: a free one) at `host`. */
export function listenHttp(app: RequestListener, logger: Logger, port: number, host: string): Promise<Server> {
  const server = createHttpServer(app, logger);
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
