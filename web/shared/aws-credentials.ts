/**
 * The CS console in AWS: the CS member's Cognito ID token exchanged at the identity pool for the
 * CS role's temporary credentials (only members of the CS group get that role), which sign each
 * request to the CS routes with SigV4: the same IAM authorizer as `patchctl`, no second way in.
 * Loaded only in that mode (a separate chunk).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import type { Signer } from './api.ts';
import type { CognitoConfig } from './config.ts';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number };

/** SHA-256 and HMAC-SHA-256 for the signer, on the browser's WebCrypto. */
class WebSha256 {
  #chunks: Uint8Array<ArrayBuffer>[] = [];
  readonly #secret: Uint8Array<ArrayBuffer> | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined ? undefined : toBytes(secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#chunks.push(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    const data = concat(this.#chunks);
    if (!this.#secret) return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
    const key = await crypto.subtle.importKey('raw', this.#secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  }
  reset(): void {
    this.#chunks = [];
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}

function concat(chunks: Uint8Array<ArrayBuffer>[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

async function identity(
  config: CognitoConfig,
  target: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`https://cognito-identity.${config.region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${target}`,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the CS role is not available to this user (${res.status})`);
  return (await res.json()) as Record<string, unknown>;
}

async function credentialsFor(config: CognitoConfig, idToken: string): Promise<Credentials> {
  if (!config.identityPoolId) throw new Error('config.json names no identity pool');
  const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: idToken };
  const { IdentityId } = await identity(config, 'GetId', {
    IdentityPoolId: config.identityPoolId,
    Logins: logins,
  });
  const out = await identity(config, 'GetCredentialsForIdentity', { IdentityId, Logins: logins });
  const c = out.Credentials as {
    AccessKeyId: string;
    SecretKey: string;
    SessionToken: string;
    Expiration: number;
  };
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration * 1000,
  };
}

export function sigv4Signer(config: CognitoConfig, idToken: () => string): Signer {
  let creds: Promise<Credentials> | undefined;
  const current = async () => {
    if (!creds) creds = credentialsFor(config, idToken());
    const c = await creds;
    if (c.expiration - Date.now() > 60_000) return c;
    creds = credentialsFor(config, idToken());
    return creds;
  };
  const signer = new SignatureV4({
    service: 'execute-api',
    region: config.region,
    sha256: WebSha256,
    credentials: async () => {
      const c = await current();
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    },
  });
  return async (req) => {
    const url = new URL(req.url);
    const signed = await signer.sign({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers, host: url.host },
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const { host: _host, ...headers } = signed.headers;
    return headers;
  };
}
