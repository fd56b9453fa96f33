/** One attachment of an outgoing message: its text content; the Mailer encodes it. */
export type MailAttachment = { filename: string; contentType: string; content: string };

/**
 * A message to send, as the mail module composes it: addresses, subject, bodies, headers and
 * attachments. The Mailer (the SES adapter) sends it as SES v2 Simple content; SES composes the
 * MIME. `headers` are custom headers only (From, To, Subject, Message-ID, Date and the MIME
 * headers are not). `tags` travel with the send so that the mail service's events name the
 * attempt (SES message tags; DESIGN.md rule 4).
 */
export type OutgoingMail = {
  from: string;
  to: string[];
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html?: string | undefined;
  /** Set by the notice composer (stable per notice). SES sets its own Message-ID and Date on sending. */
  messageId?: string | undefined;
  date: Date;
  /** The message answered (a reply): In-Reply-To and References. */
  inReplyTo?: string | undefined;
  headers: Record<string, string>;
  attachments?: MailAttachment[] | undefined;
  tags?: Record<string, string>;
};
