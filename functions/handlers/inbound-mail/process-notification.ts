/**
 * One SES receipt notification → the raw message → parseInbound → handleInboundReply (C12.2).
 * Automatic, unauthenticated or unreadable messages are recorded and ignored by the use case. A
 * message over the size limit is not read, but its headers are, so the use case can record who
 * sent it and tell a registered contact why it was not read.
 */

import {
  metaOf,
  type RawSource,
  rawSourceOf,
  readNotification,
} from '../../adapters/ses/ses-notification.ts';
import type { ChannelDeps } from '../../application/channels/deps.ts';
import { handleInboundReply, type InboundOutcome } from '../../application/channels/handle-inbound-reply.ts';
import { parseInbound, parseOversizeInbound } from '../../mail/parse-inbound.ts';

/** Larger messages are not read (SES itself accepts up to 40 MB; a reply needs a few kB). */
export const MAX_RAW_BYTES = 10 * 1024 * 1024;
/** What is read of a larger message: enough for its header section. */
export const HEAD_BYTES = 256 * 1024;

/** A message as read: all of it, or only its first `headBytes` when `size` is over `maxBytes`. */
export type RawMessage = { bytes: Uint8Array; size: number };
export type FetchObject = (
  bucket: string,
  key: string,
  limits: { maxBytes: number; headBytes: number },
) => Promise<RawMessage>;

export async function processNotification(
  deps: ChannelDeps,
  message: string,
  fetchObject: FetchObject,
): Promise<InboundOutcome> {
  const notification = readNotification(message);
  const meta = metaOf(notification);
  if (notification.notificationType !== 'Received') {
    return {
      status: 'ignored',
      reason: `not a received message: ${notification.notificationType}`,
      replied: false,
    };
  }
  const source = rawSourceOf(notification);
  const raw = source ? await readRaw(source, fetchObject) : undefined;
  const mail =
    raw === undefined
      ? await parseInbound('', meta)
      : raw.size > MAX_RAW_BYTES
        ? await parseOversizeInbound(raw.bytes, { bytes: raw.size, limit: MAX_RAW_BYTES }, meta)
        : await parseInbound(raw.bytes, meta);
  if (!raw) mail.problems.push('no message content');
  return handleInboundReply(deps, { mail, receiptId: notification.mail.messageId });
}

async function readRaw(source: RawSource, fetchObject: FetchObject): Promise<RawMessage> {
  if (source.kind === 's3')
    return fetchObject(source.bucket, source.key, { maxBytes: MAX_RAW_BYTES, headBytes: HEAD_BYTES });
  const bytes = Buffer.from(source.content, source.encoding === 'BASE64' ? 'base64' : 'utf8');
  return bytes.byteLength > MAX_RAW_BYTES
    ? { bytes: bytes.subarray(0, HEAD_BYTES), size: bytes.byteLength }
    : { bytes, size: bytes.byteLength };
}
