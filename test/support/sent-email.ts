/**
 * What SES v2 was asked to send (SendEmail with Simple content), read back for assertions: the
 * addresses, subject, bodies, headers (lower-cased names), attachments and tags exactly as the
 * request carries them. SES composes the MIME message from these.
 */
import type { SESv2Client, SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export type SentEmail = {
  from: string;
  to: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html: string | undefined;
  headers: Map<string, string>;
  attachments: {
    filename: string;
    contentType: string | undefined;
    disposition: string | undefined;
    content: Buffer;
  }[];
  tags: Record<string, string>;
  configurationSetName: string | undefined;
};

export function sentEmail(input: SendEmailCommandInput): SentEmail {
  const simple = input.Content?.Simple;
  if (!simple) throw new Error('not a Simple-content SendEmail request');
  return {
    from: input.FromEmailAddress ?? '',
    to: input.Destination?.ToAddresses ?? [],
    replyTo: input.ReplyToAddresses ?? [],
    subject: simple.Subject?.Data ?? '',
    text: simple.Body?.Text?.Data ?? '',
    html: simple.Body?.Html?.Data,
    headers: new Map((simple.Headers ?? []).map((h) => [String(h.Name).toLowerCase(), String(h.Value)])),
    attachments: (simple.Attachments ?? []).map((a) => ({
      filename: a.FileName ?? '',
      contentType: a.ContentType,
      disposition: a.ContentDisposition,
      content: Buffer.from(a.RawContent ?? new Uint8Array()),
    })),
    tags: Object.fromEntries((input.EmailTags ?? []).map((t) => [String(t.Name), String(t.Value)])),
    configurationSetName: input.ConfigurationSetName,
  };
}

/** Every SendEmail the mocked SES client was asked for, in order. */
export const sentEmails = (ses: AwsClientStub<SESv2Client>): SentEmail[] =>
  ses.commandCalls(SendEmailCommand).map((c) => sentEmail(c.args[0].input));
