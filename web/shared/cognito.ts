/**
 * Sign-in through the Cognito hosted UI (authorization code with PKCE, no client secret): the ID
 * token carries `custom:customer_id` (C12.1), which the HTTP API's JWT authorizer verifies.
 */
import type { CognitoConfig } from './config.ts';

const KEY = { verifier: 'pp.pkce.verifier', state: 'pp.pkce.state' } as const;

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (n: number): string => b64url(crypto.getRandomValues(new Uint8Array(n)));

export const redirectUri = (): string => `${location.origin}${location.pathname}`;

export async function startHostedSignIn(config: CognitoConfig): Promise<void> {
  const verifier = random(32);
  const state = random(16);
  sessionStorage.setItem(KEY.verifier, verifier);
  sessionStorage.setItem(KEY.state, state);
  const challenge = b64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${config.authDomain}/oauth2/authorize?${query}`);
}

export type CognitoTokens = { idToken: string; expiresAt: number };

/** On return from the hosted UI: the code exchanged for tokens, the address cleaned. */
export async function completeHostedSignIn(config: CognitoConfig): Promise<CognitoTokens | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return undefined;
  const state = sessionStorage.getItem(KEY.state);
  const verifier = sessionStorage.getItem(KEY.verifier);
  sessionStorage.removeItem(KEY.state);
  sessionStorage.removeItem(KEY.verifier);
  history.replaceState(null, '', redirectUri() + location.hash);
  if (!state || !verifier || params.get('state') !== state)
    throw new Error('the sign-in answer does not match this page');
  const res = await fetch(`${config.authDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`sign-in failed (${res.status})`);
  const body = (await res.json()) as { id_token: string; expires_in: number };
  return { idToken: body.id_token, expiresAt: Date.now() + body.expires_in * 1000 };
}

export function hostedSignOut(config: CognitoConfig): void {
  const query = new URLSearchParams({ client_id: config.clientId, logout_uri: redirectUri() });
  location.assign(`${config.authDomain}/logout?${query}`);
}

/** The claims of a JWT (already verified by the API; read here only to show who is signed in). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}
