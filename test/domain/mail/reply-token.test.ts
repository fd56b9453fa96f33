import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base32,
  hashToken,
  issueReplyToken,
  replyAddress,
  TOKEN_BYTES,
  tokenFromAddress,
} from '../../../functions/mail/reply-token.ts';

const bytes = fc.uint8Array({ minLength: TOKEN_BYTES, maxLength: TOKEN_BYTES });

describe('reply tokens (C12.2)', () => {
  it('C12.2 issues a lowercase base32 token of at least 128 bits from the random source', () => {
    const token = issueReplyToken(randomBytes);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(token.length * 5).toBeGreaterThanOrEqual(128);
    expect(issueReplyToken(randomBytes)).not.toBe(token);
  });

  it('encodes base32 as RFC 4648 does (test vectors, lowercase, no padding)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(enc('f')).toBe('my');
    expect(enc('fo')).toBe('mzxq');
    expect(enc('foo')).toBe('mzxw6');
    expect(enc('foob')).toBe('mzxw6yq');
    expect(enc('fooba')).toBe('mzxw6ytb');
    expect(enc('foobar')).toBe('mzxw6ytboi');
  });

  it('C12.2 different random bytes give different tokens', () => {
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const same = a.every((x, i) => x === b[i]);
        expect(issueReplyToken(() => a) === issueReplyToken(() => b)).toBe(same);
      }),
    );
  });

  it('C12.2 puts the token in a reply address whose local part fits 64 characters, and reads it back', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        const token = issueReplyToken(() => b);
        const address = replyAddress(token, 'Replies.Patch.Example');
        expect(address).toBe(`reply+${token}@replies.patch.example`);
        expect(address.split('@')[0]?.length).toBeLessThanOrEqual(64);
        expect(tokenFromAddress(address)).toBe(token);
        expect(tokenFromAddress(`"Patch Promise" <${address.toUpperCase()}>`)).toBe(token);
      }),
    );
  });

  it('C12.2 finds no token in other addresses', () => {
    expect(tokenFromAddress('ops@acme.example')).toBeUndefined();
    expect(tokenFromAddress('reply+short@replies.patch.example')).toBeUndefined();
    expect(tokenFromAddress('reply+abcdefghijklmnopqrstuvwxyz234561@x.example')).toBeUndefined();
    expect(tokenFromAddress('not an address')).toBeUndefined();
    expect(() => replyAddress('Not-A-Token', 'x.example')).toThrow();
  });

  it('C12.2 stores only the SHA-256 of the token', () => {
    const token = issueReplyToken(randomBytes);
    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token.toUpperCase())).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => issueReplyToken(() => new Uint8Array(4))).toThrow();
  });
});
