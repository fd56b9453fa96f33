/**
 * Local stand-ins for the deployed authorizers (local only, never deployed):
 * - customer routes: an HS256 JWT carrying `custom:customer_id`, as Cognito's would, signed with a
 *   local secret (`patchctl token <customerId>` prints one; the local API server verifies it);
 * - CS routes: the `x-cs-key` header must equal the local CS key (IAM SigV4 when deployed).
 * Both secrets come from PATCH_LOCAL_JWT_SECRET / PATCH_LOCAL_CS_KEY, with the defaults below.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_LOCAL_JWT_SECRET = 'patch-promise-local-jwt-secret';
export const DEFAULT_LOCAL_CS_KEY = 'patch-promise-local-cs-key';
export const LOCAL_ISSUER = 'patch-promise-local';
/** GET: the local system's clock, `{ now }` (virtual under npm start); tokens are checked against it. */
export const LOCAL_CLOCK_PATH = '/local/clock';

export const localJwtSecret = (): string => process.env.PATCH_LOCAL_JWT_SECRET || DEFAULT_LOCAL_JWT_SECRET;
export const localCsKey = (): string => process.env.PATCH_LOCAL_CS_KEY || DEFAULT_LOCAL_CS_KEY;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const sign = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

export type LocalClaims = {
  sub: string;
  'custom:customer_id': string;
  iss: string;
  iat: number;
  exp: number;
};

/** An HS256 JWT for `customerId`, valid `ttlSeconds` from `nowSeconds`. */
export function signCustomerToken(
  customerId: string,
  options: { secret?: string; nowSeconds?: number; ttlSeconds?: number; subject?: string } = {},
): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const claims: LocalClaims = {
    sub: options.subject ?? `local-user@${customerId}`,
    'custom:customer_id': customerId,
    iss: LOCAL_ISSUER,
    iat,
    exp: iat + (options.ttlSeconds ?? 12 * 3600),
  };
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
  return `${head}.${b64url(sign(head, options.secret ?? localJwtSecret()))}`;
}

/** Why a token is refused, in words for the caller; `expiredAt` when it has expired. */
export type TokenCheck =
  | { ok: true; claims: LocalClaims }
  | { ok: false; reason: string; expiredAt?: string };

const isoOfSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Checks a token: signature, algorithm, issuer, expiry (against `nowSeconds`), customer claim. */
export function checkCustomerToken(
  token: string,
  options: { secret?: string; nowSeconds?: number } = {},
): TokenCheck {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature)
    return { ok: false, reason: 'the token is not a JWT (header.payload.signature)' };
  const expected = sign(`${head}.${body}`, options.secret ?? localJwtSecret());
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'the token is not signed with the local secret' };
  }
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LocalClaims;
    if (header.alg !== 'HS256') return { ok: false, reason: 'the token is not HS256' };
    if (claims.iss !== LOCAL_ISSUER)
      return { ok: false, reason: `the token's issuer is not ${LOCAL_ISSUER}` };
    if (typeof claims['custom:customer_id'] !== 'string') {
      return { ok: false, reason: 'the token names no customer (custom:customer_id)' };
    }
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    if (!(typeof claims.exp === 'number' && claims.exp > now)) {
      const expiredAt = typeof claims.exp === 'number' ? isoOfSeconds(claims.exp) : undefined;
      return {
        ok: false,
        reason: `the token expired${expiredAt ? ` at ${expiredAt}` : ''}; the API's clock is at ${isoOfSeconds(now)}`,
        ...(expiredAt ? { expiredAt } : {}),
      };
    }
    return { ok: true, claims };
  } catch {
    return { ok: false, reason: 'the token is not readable JSON' };
  }
}

/** The claims of a valid token, or undefined (bad signature, wrong algorithm or issuer, expired). */
export function verifyCustomerToken(
  token: string,
  options: { secret?: string; nowSeconds?: number } = {},
): LocalClaims | undefined {
  const check = checkCustomerToken(token, options);
  return check.ok ? check.claims : undefined;
}

export function csKeyMatches(given: string | undefined, key = localCsKey()): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
