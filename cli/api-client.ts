/**
 * How patchctl talks to the API. Local (a loopback endpoint): CS routes carry the `x-cs-key`
 * header. Deployed (any other endpoint): CS requests are SigV4-signed with the default credential
 * chain (AWS_REGION or --region). Problems (application/problem+json) become a CliError that
 * prints the title, detail, clause and each field error.
 */
import { signedHeaders } from './sigv4.ts';

export type ClientOptions = { endpoint: string; csKey?: string; region?: string; token?: string };

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);

type Problem = {
  title?: string;
  status?: number;
  detail?: string;
  clause?: string;
  errors?: { path: string; message: string }[];
};

function describeProblem(status: number, body: unknown): string {
  const p = (body && typeof body === 'object' ? body : {}) as Problem;
  const lines = [
    `${status} ${p.title ?? 'error'}${p.clause ? ` (${p.clause})` : ''}: ${p.detail ?? ''}`.trim(),
  ];
  for (const e of p.errors ?? []) lines.push(`  - ${e.path}: ${e.message}`);
  return lines.join('\n');
}

export function createClient(options: ClientOptions) {
  const base = new URL(options.endpoint);
  return async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (path.startsWith('/v1/cs/')) {
      if (isLoopback(url)) headers['x-cs-key'] = options.csKey ?? '';
      else {
        const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
        if (!region) throw new CliError('set AWS_REGION (or --region) to sign requests to a deployed API');
        headers = await signedHeaders({
          url,
          method,
          headers,
          region,
          ...(payload !== undefined ? { body: payload } : {}),
        });
      }
    } else if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    } catch (error) {
      throw new CliError(
        `cannot reach ${base.origin}: ${(error as Error).message}. Is the API running (--endpoint)?`,
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!response.ok) throw new CliError(describeProblem(response.status, parsed));
    return parsed as T;
  };
}

export type Call = ReturnType<typeof createClient>;

/**
 * Every record of a list route (issue 16: lists answer a page at a time): asks for `path` with
 * `query` and `limit`, then again with each `next` the API hands out until the last page. `onPage`
 * sees each page as it arrives (a long list prints as it comes).
 */
export async function listAll<T>(
  call: Call,
  path: string,
  key: string,
  options: { query?: Record<string, string>; limit?: number; onPage?: (items: T[]) => void } = {},
): Promise<T[]> {
  const all: T[] = [];
  let next: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > 100_000) throw new CliError(`${path}: the API kept handing out pages`);
    const q = new URLSearchParams({
      ...options.query,
      ...(options.limit ? { limit: String(options.limit) } : {}),
      ...(next ? { next } : {}),
    });
    const answer = await call<Record<string, unknown>>('GET', q.size ? `${path}?${q}` : path);
    const items = (answer[key] ?? []) as T[];
    options.onPage?.(items);
    all.push(...items);
    next = typeof answer.next === 'string' ? answer.next : undefined;
    if (!next) return all;
  }
}
