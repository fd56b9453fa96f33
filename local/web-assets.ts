/**
 * The customer portal and the CS console on the local API server (same origin as the API, as
 * CloudFront serves them beside it in AWS): the built assets of web/dist (scripts/build-web.ts)
 * under /portal/ and /console/, each with a `config.json` that says "local sign-in", and the
 * security headers the CloudFront response policy sets in AWS (lib/constructs/web-hosting.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { HttpResult } from '../functions/api/http-event.ts';
import { WEB_APPS, WEB_DIST } from '../scripts/build-web.ts';

/** One source for the local server and the stack's CloudFront response headers policy. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

const answer = (
  statusCode: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { 'content-type': type, 'cache-control': 'no-cache', ...SECURITY_HEADERS, ...extra },
  body,
});

/** The asset for `path`, or undefined when the path is not the portal's or the console's. */
export function webAsset(path: string, dist = WEB_DIST): HttpResult | undefined {
  if (path === '/') return answer(302, 'text/plain', '', { location: '/portal/' });
  const app = WEB_APPS.find((a) => path === `/${a}` || path.startsWith(`/${a}/`));
  if (!app) return undefined;
  if (path === `/${app}`) return answer(302, 'text/plain', '', { location: `/${app}/` });
  const rest = path.slice(app.length + 2) || 'index.html';
  if (rest === 'config.json')
    return answer(200, TYPES['.json'] as string, JSON.stringify({ mode: 'local', apiUrl: '' }));
  const file = normalize(join(dist, app, rest));
  if (!file.startsWith(join(dist, app)) || !existsSync(file)) {
    if (!existsSync(join(dist, app, 'index.html'))) {
      return answer(
        503,
        'text/plain; charset=utf-8',
        'The web pages are not built: run `npx tsx scripts/build-web.ts`.',
      );
    }
    return answer(404, 'text/plain; charset=utf-8', 'not found');
  }
  return answer(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file, 'utf8'));
}
