import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { headerValue } from '../../../functions/adapters/ses/send-email-input.ts';
import {
  MailRejectedError,
  MailUnavailableError,
  SesMailer,
} from '../../../functions/adapters/ses/ses-mailer.ts';

const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const mail = {
  from: 'notices@patch.example',
  to: ['ops@acme.example'],
  subject: 'x',
  text: 'body',
  date: new Date('2026-11-02T12:00:00Z'),
  headers: {},
};

const sesError = (name: string, message: string, status = 400) =>
  new SESv2ServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

function mailer(maxAttempts = 5) {
  const pauses: number[] = [];
  const instance = new SesMailer(new SESv2Client({}), {
    backoff: { maxAttempts, baseMs: 100, capMs: 1_000 },
    sleep: async (ms) => {
      pauses.push(ms);
    },
    random: () => 0.5,
  });
  return { instance, pauses };
}

describe('SesMailer', () => {
  it('sends the mail as Simple content to its recipients and returns the SES message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const { instance } = mailer();
    await expect(instance.send(mail)).resolves.toEqual({ messageId: 'ses-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toEqual({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: mail.to },
      Content: {
        Simple: {
          Subject: { Data: 'x', Charset: 'UTF-8' },
          Body: { Text: { Data: 'body', Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('C3.3 C12.2 DESIGN.md rule 4: sends reply-to, HTML, headers, the reply thread, the attachment, the attempt tag and the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const instance = new SesMailer(new SESv2Client({}), { configurationSetName: 'patch-promise' });
    await instance.send({
      ...mail,
      to: ['ops@acme.example', 'cto@acme.example'],
      replyTo: 'reply+tok@replies.patch.example',
      subject: 'Maintenance – Dezember',
      html: '<p>body</p>',
      messageId: '<notice-1@patch.example>',
      inReplyTo: '<their-1@acme.example>',
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Notice-Kind': 'scheduled' },
      attachments: [
        {
          filename: 'w.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: 'BEGIN:VCALENDAR é',
        },
      ],
      tags: { attempt: 'att-1' },
    });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Destination).toEqual({ ToAddresses: ['ops@acme.example', 'cto@acme.example'] });
    expect(input?.ReplyToAddresses).toEqual(['reply+tok@replies.patch.example']);
    expect(input?.EmailTags).toEqual([{ Name: 'attempt', Value: 'att-1' }]);
    expect(input?.ConfigurationSetName).toBe('patch-promise');
    const simple = input?.Content?.Simple;
    expect(simple?.Subject).toEqual({ Data: 'Maintenance – Dezember', Charset: 'UTF-8' });
    expect(simple?.Body?.Html).toEqual({ Data: '<p>body</p>', Charset: 'UTF-8' });
    // SES sets Message-ID and Date itself: they are not custom headers.
    expect(simple?.Headers).toEqual([
      { Name: 'Auto-Submitted', Value: 'auto-generated' },
      { Name: 'X-Notice-Kind', Value: 'scheduled' },
      { Name: 'In-Reply-To', Value: '<their-1@acme.example>' },
      { Name: 'References', Value: '<their-1@acme.example>' },
    ]);
    const [ics] = simple?.Attachments ?? [];
    expect(ics).toMatchObject({
      FileName: 'w.ics',
      ContentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      ContentDisposition: 'ATTACHMENT',
      ContentTransferEncoding: 'BASE64',
    });
    expect(Buffer.from(ics?.RawContent ?? new Uint8Array()).toString('utf8')).toBe('BEGIN:VCALENDAR é');
  });

  it('writes a header value with characters beyond ASCII as RFC 2047 encoded-words', () => {
    expect(headerValue('rel-7.2')).toBe('rel-7.2');
    const long = `Größe ${'ü'.repeat(40)}`;
    const encoded = headerValue(long);
    expect(encoded).toMatch(/^[\x20-\x7e]+$/);
    const words = encoded.split(' ');
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    const decoded = words
      .map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)?.[1] ?? '', 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe(long);
  });

  it.each(['Message-ID', 'Date', 'From', 'Subject', 'Content-Type'])(
    'refuses a custom %s header (SES sets it) with MailRejectedError, sending nothing',
    async (name) => {
      const error = await mailer()
        .instance.send({ ...mail, headers: { [name]: 'x' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailRejectedError);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    },
  );

  it('C3.5 retries throttling with growing, jittered pauses, then succeeds once', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.', 429))
      .rejectsOnce(sesError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(sesError('SomethingElse', 'Maximum sending rate exceeded.'))
      .resolves({ MessageId: 'ses-2' });
    const { instance, pauses } = mailer();
    await expect(instance.send(mail)).resolves.toEqual({ messageId: 'ses-2' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
    expect(pauses).toEqual([50, 100, 200]);
  });

  it('retries a server error too', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(sesError('InternalServiceErrorException', 'try later', 500))
      .resolves({ MessageId: 'ses-3' });
    await expect(mailer().instance.send(mail)).resolves.toEqual({ messageId: 'ses-3' });
  });

  it('C3.5 gives up after the bounded attempts with MailUnavailableError', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.', 429));
    const { instance, pauses } = mailer(3);
    const error = await instance.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailUnavailableError);
    expect((error as MailUnavailableError).attempts).toBe(3);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(pauses).toHaveLength(2);
  });

  it.each([
    ['LimitExceededException', 'Daily message quota exceeded.', 400],
    ['TooManyRequestsException', 'Daily message quota exceeded.', 429],
    ['LimitExceededException', 'Limit exceeded', 400],
  ])('does not retry a spent daily quota (%s: %s)', async (name, message, status) => {
    ses.on(SendEmailCommand).rejects(sesError(name, message, status));
    await expect(mailer().instance.send(mail)).rejects.toBeInstanceOf(MailUnavailableError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it.each([
    ['MessageRejected', 'Email address is not verified.'],
    ['MailFromDomainNotVerifiedException', 'MAIL FROM domain not verified'],
    ['SendingPausedException', 'Sending paused for this account'],
    ['AccountSuspendedException', 'Account suspended'],
    ['NotFoundException', 'Configuration set does not exist'],
    ['BadRequestException', 'Missing final @domain'],
  ])('throws MailRejectedError at once on %s', async (name, message) => {
    ses.on(SendEmailCommand).rejects(sesError(name, message));
    const error = await mailer()
      .instance.send(mail)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRejectedError);
    expect((error as MailRejectedError).code).toBe(name);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
