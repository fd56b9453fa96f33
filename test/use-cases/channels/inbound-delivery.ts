/** SES receipt notifications (as the SNS action publishes them) built from the mail fixtures. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { REPLY_DOMAIN, type Seeded } from './channel-world.ts';

export const FIXTURE_TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

export type Delivery = {
  verdicts?: Partial<Record<'spf' | 'dkim' | 'dmarc' | 'spam' | 'virus', string>>;
  receivedAt?: string;
  receiptId?: string;
  /** Where SES put the message: inline in the notification (SNS action) or in S3 (S3 action). */
  via?: 'inline' | 's3';
};

/**
 * A fixture rewritten for a seeded customer: its domain and the notice's real reply token. From
 * test/adapters/mail/fixtures, or the reply corpus (test/fixtures/replies) with `corpus`.
 */
export function fixtureFor(name: string, seeded: Seeded, from: 'mail' | 'corpus' = 'mail'): Buffer {
  const dir = from === 'corpus' ? '../../fixtures/replies' : '../../adapters/mail/fixtures';
  const text = readFileSync(new URL(`${dir}/${name}`, import.meta.url), 'latin1');
  return Buffer.from(
    text.replaceAll('acme.example', `${seeded.customer.id}.example`).replaceAll(FIXTURE_TOKEN, seeded.token),
    'latin1',
  );
}

export function notification(raw: Buffer, seeded: Seeded, d: Delivery = {}): string {
  const status = (k: keyof NonNullable<Delivery['verdicts']>) => ({ status: d.verdicts?.[k] ?? 'PASS' });
  const via = d.via ?? 'inline';
  return JSON.stringify({
    notificationType: 'Received',
    mail: { messageId: d.receiptId ?? randomUUID(), timestamp: d.receivedAt ?? '2026-11-24T15:02:11.000Z' },
    receipt: {
      timestamp: d.receivedAt ?? '2026-11-24T15:02:11.000Z',
      recipients: [`reply+${seeded.token}@${REPLY_DOMAIN}`],
      spfVerdict: status('spf'),
      dkimVerdict: status('dkim'),
      dmarcVerdict: status('dmarc'),
      spamVerdict: status('spam'),
      virusVerdict: status('virus'),
      action:
        via === 'inline'
          ? { type: 'SNS', topicArn: 'arn:aws:sns:eu-west-2:000000000000:inbound', encoding: 'BASE64' }
          : { type: 'S3', bucketName: 'inbound-bucket', objectKey: `inbound-mail/${randomUUID()}` },
    },
    ...(via === 'inline' ? { content: raw.toString('base64') } : {}),
  });
}
