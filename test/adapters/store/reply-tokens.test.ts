import { createHash, randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ConflictError, PolicyRefusal } from '../../../functions/domain/errors.ts';
import { useTestStore } from '../../support/dynamo.ts';
import { uniq } from './fixtures.ts';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');

async function refusal(promise: Promise<unknown>): Promise<PolicyRefusal> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PolicyRefusal);
  return error as PolicyRefusal;
}

describe('reply token store (C12.2)', () => {
  const t = useTestStore();
  const expiresAt = toInstant('2026-12-01T18:00:00Z');
  const issue = async (hash: string) =>
    t.store.tokens.issue({ hash, noticeId: `n-${uniq()}`, customerId: 'acme', expiresAt });

  it('C12.2 a token is consumed once: it returns its notice and customer, then a reuse is refused', async () => {
    const hash = sha256(newToken());
    const noticeId = `n-${uniq()}`;
    await t.store.tokens.issue({ hash, noticeId, customerId: 'acme', expiresAt });
    expect(await t.store.tokens.consume(hash, toInstant('2026-11-30T10:00:00Z'), 'msg-1')).toEqual({
      noticeId,
      customerId: 'acme',
    });
    const second = await refusal(t.store.tokens.consume(hash, toInstant('2026-11-30T10:00:01Z'), 'msg-2'));
    expect(second.clause).toBe('C12.2');
    expect(second.reason).toMatch(/already used/);
  });

  it('C12.2 DESIGN.md rule 3: the same message consuming again (a retry after a crash) finds the token its own', async () => {
    const hash = sha256(newToken());
    await issue(hash);
    await t.store.tokens.consume(hash, toInstant('2026-11-30T10:00:00Z'), 'msg-1');
    await expect(
      t.store.tokens.consume(hash, toInstant('2026-11-30T10:01:00Z'), 'msg-1'),
    ).resolves.toMatchObject({
      customerId: 'acme',
    });
    await expect(
      refusal(t.store.tokens.consume(hash, toInstant('2026-11-30T10:02:00Z'), 'msg-2')),
    ).resolves.toMatchObject({ reason: expect.stringMatching(/already used/) });
  });

  it('C12.2 two concurrent consumes of one token: exactly one succeeds', async () => {
    const hash = sha256(newToken());
    await issue(hash);
    const at = toInstant('2026-11-30T10:00:00Z');
    const results = await Promise.allSettled([
      t.store.tokens.consume(hash, at, 'msg-1'),
      t.store.tokens.consume(hash, at, 'msg-2'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('C12.2 an expired token is refused, at and after its expiry', async () => {
    const hash = sha256(newToken());
    await issue(hash);
    expect((await refusal(t.store.tokens.consume(hash, expiresAt, 'msg-1'))).reason).toMatch(/expired/);
    const later = await refusal(t.store.tokens.consume(hash, toInstant('2026-12-05T00:00:00Z'), 'msg-2'));
    expect(later.reason).toMatch(/expired/);
    // Refused consumes leave it unused: it stays expired, it does not become "used".
    expect((await refusal(t.store.tokens.consume(hash, expiresAt, 'msg-3'))).reason).toMatch(/expired/);
  });

  it('C12.2 an unknown token is refused', async () => {
    const refused = await refusal(
      t.store.tokens.consume(sha256(newToken()), toInstant('2026-11-30T10:00:00Z'), 'msg-1'),
    );
    expect(refused.reason).toMatch(/not one we issued/);
  });

  it('C12.2 stores only the hash, with a TTL attribute after the expiry', async () => {
    const token = newToken();
    const hash = sha256(token);
    await issue(hash);
    const out = await t.ctx.doc.send(
      new GetCommand({ TableName: t.tableName, Key: { pk: `TOKEN#${hash}`, sk: 'TOKEN' } }),
    );
    expect(JSON.stringify(out.Item)).not.toContain(token);
    expect(out.Item?.ttl).toBeGreaterThanOrEqual(expiresAt.epochMilliseconds / 1000);
  });

  it('issuing the same token twice is a no-op; another token under the same hash is a ConflictError', async () => {
    const hash = sha256(newToken());
    const token = { hash, noticeId: 'n-1', customerId: 'acme', expiresAt };
    await t.store.tokens.issue(token);
    await t.store.tokens.issue(token);
    await expect(t.store.tokens.issue({ ...token, noticeId: 'n-2' })).rejects.toBeInstanceOf(ConflictError);
  });
});
