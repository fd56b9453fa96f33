/**
 * The SES receipt notification delivered through SNS (notificationType "Received"): the receipt
 * timestamp (C11.3), the verdicts (C12.2), the envelope recipients, and the raw message either
 * inline (`content`, SNS action) or in S3 (`receipt.action.bucketName/objectKey`, S3 action).
 */
import * as z from 'zod/mini';
import { toInstant } from '../../domain/calendar.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import type { InboundMeta, Verdict, Verdicts } from '../../mail/parse-inbound.ts';

const VerdictField = z.optional(z.object({ status: z.string() }));

export const SesNotification = z.object({
  notificationType: z.string(),
  mail: z.object({ messageId: z.string().check(z.minLength(1)), timestamp: z.optional(z.string()) }),
  receipt: z.object({
    timestamp: z.string().check(z.minLength(1)),
    recipients: z._default(z.array(z.string()), []),
    spfVerdict: VerdictField,
    dkimVerdict: VerdictField,
    dmarcVerdict: VerdictField,
    spamVerdict: VerdictField,
    virusVerdict: VerdictField,
    action: z.object({
      type: z.string(),
      encoding: z.optional(z.string()),
      bucketName: z.optional(z.string()),
      objectKey: z.optional(z.string()),
    }),
  }),
  content: z.optional(z.string()),
});
export type SesNotification = z.infer<typeof SesNotification>;

export type RawSource =
  | { kind: 'inline'; content: string; encoding: 'BASE64' | 'UTF8' }
  | { kind: 's3'; bucket: string; key: string };

const VERDICTS: readonly Verdict[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];
/** A verdict SES did not give (or one we do not know) never counts as a pass. */
const verdictOf = (field: { status: string } | undefined): Verdict => {
  const status = field?.status.toUpperCase() as Verdict | undefined;
  return status && VERDICTS.includes(status) ? status : 'PROCESSING_FAILED';
};

export function readNotification(message: string): SesNotification {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    json = undefined;
  }
  return parseOrThrow(SesNotification, json, 'SES notification');
}

export function metaOf(n: SesNotification): InboundMeta {
  const verdicts: Verdicts = {
    spf: verdictOf(n.receipt.spfVerdict),
    dkim: verdictOf(n.receipt.dkimVerdict),
    dmarc: verdictOf(n.receipt.dmarcVerdict),
    spam: verdictOf(n.receipt.spamVerdict),
    virus: verdictOf(n.receipt.virusVerdict),
  };
  return { receivedAt: toInstant(n.receipt.timestamp), verdicts, recipients: n.receipt.recipients };
}

/** Inline content first (SNS action); otherwise the S3 object the S3 action stored. */
export function rawSourceOf(n: SesNotification): RawSource | undefined {
  if (n.content !== undefined) {
    return {
      kind: 'inline',
      content: n.content,
      encoding: n.receipt.action.encoding === 'BASE64' ? 'BASE64' : 'UTF8',
    };
  }
  const { bucketName, objectKey } = n.receipt.action;
  return bucketName && objectKey ? { kind: 's3', bucket: bucketName, key: objectKey } : undefined;
}
