import { SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MailRejectedError,
  MailUnavailableError,
  SesMailer,
} from '../../../functions/adapters/ses/ses-mailer.ts';

const ses = mockClient(SESClient);
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
  new SESServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });

function mailer(maxAttempts = 5) {
  const pauses: number[] = [];
  const instance = new SesMailer(new SESClient({}), {
    backoff: { maxAttempts, baseMs: 100, capMs: 1_000 },
    sleep: async (ms) => {
      pauses.push(ms);
    },
    random: () => 0.5,
  });
  return { instance, pauses };
}

describe('SesMailer', () => {
  it('sends the MIME message it composes to the envelope recipients and returns the SES message id', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-1' });
    const { instance } = mailer();
    await expect(instance.send(mail)).resolves.toEqual({ messageId: 'ses-1' });
    const input = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(input?.Source).toBe(mail.from);
    expect(input?.Destinations).toEqual(mail.to);
    const raw = Buffer.from(input?.RawMessage?.Data ?? new Uint8Array()).toString('utf8');
    expect(raw).toMatch(/^Subject: x\r$/m);
    expect(raw).toMatch(/^To: ops@acme.example\r$/m);
    expect(raw).toMatch(/\r\n\r\nbody/);
  });

  it('C3.5 retries throttling with growing, jittered pauses, then succeeds once', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(sesError('Throttling', 'Maximum sending rate exceeded.'))
      .rejectsOnce(sesError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(sesError('SomethingElse', 'Maximum sending rate exceeded.'))
      .resolves({ MessageId: 'ses-2' });
    const { instance, pauses } = mailer();
    await expect(instance.send(mail)).resolves.toEqual({ messageId: 'ses-2' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(4);
    expect(pauses).toEqual([50, 100, 200]);
  });

  it('retries a server error too', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(sesError('ServiceUnavailable', 'try later', 503))
      .resolves({ MessageId: 'ses-3' });
    await expect(mailer().instance.send(mail)).resolves.toEqual({ messageId: 'ses-3' });
  });

  it('C3.5 gives up after the bounded attempts with MailUnavailableError', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 'Maximum sending rate exceeded.'));
    const { instance, pauses } = mailer(3);
    const error = await instance.send(mail).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailUnavailableError);
    expect((error as MailUnavailableError).attempts).toBe(3);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
    expect(pauses).toHaveLength(2);
  });

  it('does not retry a spent daily quota', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 'Daily message quota exceeded.'));
    await expect(mailer().instance.send(mail)).rejects.toBeInstanceOf(MailUnavailableError);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it.each([
    ['MessageRejected', 'Email address is not verified.'],
    ['MailFromDomainNotVerifiedException', 'MAIL FROM domain not verified'],
    ['AccountSendingPausedException', 'Sending paused'],
    ['InvalidParameterValue', 'Missing final @domain'],
  ])('throws MailRejectedError at once on %s', async (name, message) => {
    ses.on(SendRawEmailCommand).rejects(sesError(name, message));
    const error = await mailer()
      .instance.send(mail)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailRejectedError);
    expect((error as MailRejectedError).code).toBe(name);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });
});
