/**
 * C12.2 reply tokens: the secret that ties an emailed reply to the notice it answers.
 *
 * Why this is "signed" without a signing key: the token is 160 random bits, so nobody can guess
 * or forge one; the store keeps only its SHA-256 hash, so a leak of the table (or of a backup, or
 * of a log line that shows the stored record) reveals no usable token; the store consumes it
 * once with a conditional write, so a replayed or forwarded-and-reused reply is refused; and it
 * expires shortly after the notice's postponement deadline, so an old mail thread is not a
 * standing credential. An HMAC-signed token would prove the same "we issued this" property, but it
 * would need a key to generate, store, rotate and protect, and it still would need a store entry
 * to be single use. Random + hashed + single use + expiry gives the property with no key at all.
 *
 * The token travels in the local part of the Reply-To address (`reply+<token>@<reply domain>`),
 * lowercase base32 so that case-folding mail systems cannot damage it, and 38 characters in all,
 * well under the 64-character limit of a local part (RFC 5321).
 */
import { createHash } from 'node:crypto';

export const TOKEN_BYTES = 20; // 160 bits of entropy (at least 128 required)
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lowercase
const TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 8) / 5); // 32 characters
const TOKEN_PATTERN = new RegExp(`^[a-z2-7]{${TOKEN_LENGTH}}$`);
const REPLY_PREFIX = 'reply+';

export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh token from a cryptographic random source (node:crypto `randomBytes` in production). */
export function issueReplyToken(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(TOKEN_BYTES);
  if (bytes.length !== TOKEN_BYTES) throw new Error(`the random source returned ${bytes.length} bytes`);
  return base32(bytes);
}

export const isReplyToken = (token: string): boolean => TOKEN_PATTERN.test(token);

export function replyAddress(token: string, replyDomain: string): string {
  if (!isReplyToken(token)) throw new Error('not a reply token');
  const address = `${REPLY_PREFIX}${token}@${replyDomain.toLowerCase()}`;
  return address;
}

/**
 * The token in an address such as `reply+<token>@replies.example.com` or
 * `"Support" <REPLY+<TOKEN>@…>`; undefined for any other address.
 */
export function tokenFromAddress(address: string): string | undefined {
  const bare = /<([^>]*)>/.exec(address)?.[1] ?? address;
  const at = bare.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = bare.slice(0, at).trim().toLowerCase();
  if (!local.startsWith(REPLY_PREFIX)) return undefined;
  const token = local.slice(REPLY_PREFIX.length);
  return isReplyToken(token) ? token : undefined;
}

/** What the store keeps and looks up (C12.2): never the token itself. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token.toLowerCase(), 'utf8').digest('hex');
