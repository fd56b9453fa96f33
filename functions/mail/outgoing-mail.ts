/**
 * A complete MIME message, built by the notice composer. `tags` travel with the send so that the
 * mail service's events name the attempt (SES message tags; DESIGN.md rule 4).
 */
export type OutgoingMail = { from: string; to: string[]; raw: Uint8Array; tags?: Record<string, string> };
