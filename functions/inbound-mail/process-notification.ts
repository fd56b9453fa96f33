/**
 * One SES receipt notification → the raw message → parseInbound → handleInboundReply (C12.2).
 * Automatic, unauthenticated, unreadable or oversized messages are recorded and ignored by the
 * use case; nothing here answers anyone.
 */
import type { ChannelDeps } from '../application/channels/deps.ts';
import { handleInboundReply, type InboundOutcome } from '../application/channels/handle-inbound-reply.ts';
import { parseInbound } from '../mail/parse-inbound.ts';
import { metaOf, type RawSource, rawSourceOf, readNotification } from './ses-notification.ts';

/** Larger messages are not read (SES itself accepts up to 40 MB; a reply needs a few kB). */
export const MAX_RAW_BYTES = 10 * 1024 * 1024;

export type FetchObject = (bucket: string, key: string, maxBytes: number) => Promise<Uint8Array>;

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
  const mail = await parseInbound(raw ?? '', meta);
  if (!raw) {
    mail.parseable = false;
    mail.from = undefined;
    mail.problems.push(source ? `message larger than ${MAX_RAW_BYTES} bytes` : 'no message content');
  }
  return handleInboundReply(deps, { mail, receiptId: notification.mail.messageId });
}

async function readRaw(source: RawSource, fetchObject: FetchObject): Promise<Uint8Array | undefined> {
  const bytes =
    source.kind === 'inline'
      ? Buffer.from(source.content, source.encoding === 'BASE64' ? 'base64' : 'utf8')
      : await fetchObject(source.bucket, source.key, MAX_RAW_BYTES);
  return bytes.byteLength > MAX_RAW_BYTES ? undefined : bytes;
}
