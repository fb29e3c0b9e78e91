import type { IncomingMessage } from 'node:http';

// A request refused before its body was read (too large, wrongly encoded, not
// JSON) is answered only after the rest of the body has been read and thrown
// away: a server that answers and closes while the client is still sending
// makes the client's write fail (EPIPE, ECONNRESET) before it reads the
// answer, so it never learns why. Past a cap, or from a client that stalls,
// the connection is closed instead: draining must not become a way to hold
// the server.

export const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;
export const DISCARD_TIMEOUT_MS = 10_000;

// True when the body is now read to its end (the connection can serve the
// next request), false when the caller must close the connection.
export function discardBody(
  req: IncomingMessage,
  { limitBytes = DISCARD_LIMIT_BYTES, timeoutMs = DISCARD_TIMEOUT_MS } = {},
): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onFail).off('aborted', onFail).off('close', onClose);
      if (!whole) req.pause();
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limitBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const onClose = () => finish(req.readableEnded);
    // A network timeout, not business time.
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('error', onFail).on('aborted', onFail).on('close', onClose);
    req.resume();
  });
}
