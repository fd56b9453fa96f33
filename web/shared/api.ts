/**
 * The API from the page: JSON in and out, problem+json errors as `ApiError` (with the clause of a
 * refusal), and list reads that follow the API's `next` cursor to the end.
 */
export type Problem = {
  title?: string;
  status: number;
  detail?: string;
  clause?: string;
  errors?: { path: string; message: string }[];
};

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

/** Adds credentials to a request (a bearer token, the local CS key, or a SigV4 signature). */
export type Signer = (req: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<Record<string, string>>;

export type Api = {
  get<T>(path: string): Promise<T>;
  send<T>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  /** Every record of a list route: follows `next` while the API gives one. */
  listAll<T>(path: string, key: string): Promise<T[]>;
};

export function createApi(baseUrl: string, sign: Signer, onUnauthorized: () => void): Api {
  async function call<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const url = `${baseUrl}${path}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (text !== undefined) headers['content-type'] = 'application/json';
    const signed = await sign({ method, url, headers, ...(text !== undefined ? { body: text } : {}) });
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...signed },
      ...(text !== undefined ? { body: text } : {}),
    });
    const raw = await res.text();
    const parsed = raw ? (JSON.parse(raw) as unknown) : undefined;
    if (!res.ok) {
      if (res.status === 401) onUnauthorized();
      throw new ApiError({ status: res.status, ...((parsed as object) ?? {}) });
    }
    return { status: res.status, body: parsed as T };
  }
  return {
    get: async <T>(path: string) => (await call<T>('GET', path)).body,
    send: (method, path, body, headers) => call(method, path, body, headers),
    async listAll<T>(path: string, key: string): Promise<T[]> {
      const items: T[] = [];
      let next: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const sep = path.includes('?') ? '&' : '?';
        const url = next ? `${path}${sep}next=${encodeURIComponent(next)}` : path;
        const body = (await call<Record<string, unknown>>('GET', url)).body;
        items.push(...((body[key] as T[] | undefined) ?? []));
        next = typeof body.next === 'string' ? body.next : undefined;
        if (!next) break;
      }
      return items;
    },
  };
}
