import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../../functions/adapters/ses/ses-mailer.ts';
import { composeNotice } from '../../../functions/mail/compose-notice.ts';
import { type SesLocal, startSesLocal } from '../../support/ses-local.ts';
import { TOKEN, viewOf } from './notice-views.ts';

let ses: SesLocal;
beforeAll(async () => {
  ses = await startSesLocal();
});
afterAll(async () => {
  await ses?.stop();
});

describe('SesMailer through the real SES client (aws-ses-v2-local)', () => {
  it('C3.3 C12.2 delivers a scheduled notice with its token Reply-To and calendar file', async () => {
    const mailer = new SesMailer(ses.client());
    const mail = await composeNotice(viewOf('scheduled'));
    const { messageId } = await mailer.send(mail);
    expect(messageId).not.toBe('');

    const stored = (await ses.emails()).find((e) => e.messageId === messageId);
    expect(stored?.subject).toContain('Planned maintenance of your servers');
    expect(stored?.replyTo).toEqual([`reply+${TOKEN}@replies.patch.example`]);
    expect(stored?.destination.to).toEqual(['ops@acme.example', 'cto@acme.example']);
    expect(stored?.headers).toContainEqual({ name: 'Auto-Submitted', value: 'auto-generated' });
    expect(stored?.headers).toContainEqual({ name: 'X-Notice-Kind', value: 'scheduled' });
    expect(stored?.body.text).toContain('Wednesday, 2 December 2026 at 01:00 GMT (Europe/London)');
    expect(stored?.body.html).toContain('Planned maintenance of your servers');
    const ics = stored?.attachments.find((a) => a.filename === 'maintenance-window.ics');
    expect(ics?.contentType).toBe('text/calendar; charset=utf-8; method=PUBLISH');
    expect(Buffer.from(ics?.content ?? '', 'base64').toString('utf8')).toContain('DTSTART:20261202T010000Z');
  });
});
