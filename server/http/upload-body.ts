import type { Context } from 'koa';
import { DomainError } from '../domain/errors';
import { staff } from '../texts/staff.texts';

// A file sent as the request body (a court's calendar export). Read whole up to
// `limit`; past it the rest is read and dropped, so the client that is still
// sending gets the 413 answer instead of a reset connection.

export const UPLOAD_TYPES = [
  'text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream',
];

export async function readUpload(ctx: Context, limit: number): Promise<Buffer> {
  if (!ctx.request.is(UPLOAD_TYPES)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', staff.hearings.file.uploadType, 415);
  }
  const declared = Number(ctx.get('content-length') || 0);
  const chunks: Buffer[] = [];
  let size = 0;
  let over = declared > limit;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) over = true;
    if (!over) chunks.push(chunk);
    // A client that keeps sending far past the limit is cut off.
    if (size > limit * 2) break;
  }
  if (over) {
    throw new DomainError('PAYLOAD_TOO_LARGE', staff.hearings.file.uploadTooLarge(Math.round(limit / 1024 / 1024)), 413, { limitBytes: limit });
  }
  return Buffer.concat(chunks);
}
