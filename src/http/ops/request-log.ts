// The request log (--log, ENTRADA_LOG): one line per answered request on stdout, written when the
// response has been sent. `pretty` is a short line for a person (core/request-summary.ts);
// `json` is pino's one JSON object a line, for a log collector. Either way only the summary's
// bounded fields: never the query string, a body, a header or a token.

import pino from 'pino';
import { prettyRequestLine, type RequestLogFormat, type RequestSummary } from '../../core/request-summary.js';

/** Where lines go: stdout by default (stdoutSink); tests pass their own to read them. */
export interface LogSink {
  /** One whole line, ending in a newline. */
  write(line: string): void;
  /** Resolves once every line written so far has left the process. */
  flush?(): Promise<void>;
}

export interface RequestLog {
  write(summary: RequestSummary): void;
  /** Writes what is still buffered (Entrada's close()). */
  close(): Promise<void>;
}

/** Endpoints a probe or scraper calls every few seconds: left out of the pretty log (kept in JSON). */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLog(format: RequestLogFormat, sink: LogSink): RequestLog | undefined {
  if (format === 'off') return undefined;
  const close = async () => {
    await sink.flush?.();
  };
  if (format === 'pretty') {
    return {
      write(s) {
        if (!PROBES.has(s.endpoint)) sink.write(`${prettyRequestLine(s, new Date())}\n`);
      },
      close,
    };
  }
  const logger = pino(
    {
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    sink,
  );
  return {
    write(s) {
      logger.info(
        {
          traceId: s.traceId,
          method: s.method,
          endpoint: s.endpoint,
          path: s.path,
          status: s.status,
          outcome: s.outcome,
          code: s.code,
          grantType: s.grantType,
          durationMs: Math.round(s.durationMs * 1000) / 1000,
        },
        'request',
      );
    },
    close,
  };
}

/**
 * Lines beyond this many bytes waiting to be written are dropped: where Node buffers stdout (pipes
 * on macOS; on Linux files, pipes and terminals are written synchronously), a reader that stops
 * reading must not grow the server's memory [Entrada's choice].
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Lines one turn of the event loop may queue; more are dropped (a turn answers far fewer requests). */
const MAX_LINES_PER_TURN = 10_000;

/** How long stopping waits for buffered log lines to reach stdout [Entrada's choice]. */
const FLUSH_TIMEOUT_MS = 1000;

let stdoutBroken = false;

/**
 * process.stdout, so that these lines and the banner's keep their order. A reader that goes away
 * (`entrada start | head`) ends the request log, not the server: EPIPE would otherwise be thrown.
 */
export function stdoutSink(): LogSink {
  if (process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', () => {
      stdoutBroken = true;
    });
  }
  // Lines of one turn of the event loop leave in one write: on Linux stdout to a file or a pipe is a
  // synchronous write(2) each time, which cost ~2% of a token's time under load (issue 16).
  let lines: string[] = [];
  let scheduled = false;
  const writeLines = () => {
    scheduled = false;
    if (lines.length === 0) return;
    const text = lines.join('');
    lines = [];
    if (stdoutBroken || process.stdout.writableLength > MAX_BUFFERED_BYTES) return;
    process.stdout.write(text);
  };
  return {
    write(line) {
      if (stdoutBroken || lines.length >= MAX_LINES_PER_TURN) return;
      lines.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(writeLines);
      }
    },
    // At most FLUSH_TIMEOUT_MS: a pipe nobody reads must not keep a stopping server from exiting.
    flush: () =>
      new Promise((resolve) => {
        if (lines.length > 0) writeLines();
        if (stdoutBroken) return resolve();
        const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
        timer.unref();
        process.stdout.write('', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
