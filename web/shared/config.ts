/**
 * Where the page finds the API and how it signs in, from `config.json` beside it: written by the
 * stack in AWS (Cognito), served by the local API server under `npm start` (local sign-in).
 */
export type LocalConfig = { mode: 'local'; apiUrl: string };

export type CognitoConfig = {
  mode: 'cognito';
  apiUrl: string;
  region: string;
  userPoolId: string;
  clientId: string;
  /** The hosted UI's domain, e.g. `https://patch-promise-123.auth.eu-west-2.amazoncognito.com`. */
  authDomain: string;
  /** The CS console: the identity pool whose CS role signs the CS routes (IAM). */
  identityPoolId?: string;
};

export type AppConfig = LocalConfig | CognitoConfig;

export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as AppConfig;
}
