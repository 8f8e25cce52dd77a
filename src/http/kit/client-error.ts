// Requests Node's HTTP parser refuses before any route sees them (headers over the size limit,
// garbage instead of HTTP, a request timeout): answered in Entra's error shape rather than
// Fastify's default, and always with `Connection: close`, because the server closes the socket
// right after: a keep-alive client that is not told so reuses the dead socket and sees a reset.
// Entra's front end answers these with its own page [I: the status codes are Node's, the body is
// AADSTS9002313 like every other malformed request here].

import type { Socket } from 'node:net';
import { idpError } from '../../core/errors/idp-error.js';
import { errorBody } from './render-error.js';
import { newRequestId } from './request-context.js';

const STATUS: Record<string, { status: number; reason: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', detail: 'The request headers are larger than the server accepts.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', detail: 'The request was not received completely in time.' },
};
const OTHER = { status: 400, reason: 'Bad Request', detail: 'The request is not valid HTTP.' };

export function clientErrorHandler(options: { origin: () => string; now: () => Date }) {
  return (err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    // A response already under way on this socket (a malformed request pipelined behind a slow
    // one): raw bytes written now would land inside it, so only close, as Node's own handler does.
    const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (socket.writable && !inProgress?.headersSent) {
      const kind = STATUS[err.code ?? ''] ?? OTHER;
      // No request was parsed, so no request context: both ids are new.
      const traceId = newRequestId();
      const body = JSON.stringify(
        errorBody(idpError(9002313, { detail: kind.detail }), { traceId, correlationId: newRequestId(), origin: options.origin(), now: options.now() }),
      );
      // A HEAD request's answer has no body (RFC 9110 §9.3.2). The packet is the start of the request
      // over plain TCP; over TLS it may be a later record, and then the body is sent: Connection: close
      // still keeps the client from reading it as the next response on a reused socket.
      const head = Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
      socket.write(
        `HTTP/1.1 ${kind.status} ${kind.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Cache-Control: no-store, no-cache\r\nx-ms-request-id: ${traceId}\r\nConnection: close\r\n\r\n${head ? '' : body}`,
      );
    }
    socket.destroy();
  };
}
