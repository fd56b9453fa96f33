/**
 * The API bench's section of bench/RESULTS.md, between its own markers so that it can be replaced
 * in place (and found again by whatever writes the rest of the file).
 */
export const GOALS = { maxBytes: 1024 * 1024, p99ms: 300 } as const;

export const SECTION_START = '<!-- bench:api start -->';
export const SECTION_END = '<!-- bench:api end -->';

export type ApiRow = {
  route: string;
  customer: string;
  servers: number;
  /** The page size asked for (absent for a single record). */
  limit?: number | undefined;
  calls: number;
  /** How many times the whole list was read to its last page. */
  listsWalked: number;
  itemsPerCall: number;
  maxBytes: number;
  requestsPerCall: [number, number];
  p50ms: number;
  p99ms: number;
};

export type ApiMeta = {
  generatedAt: string;
  seconds: number;
  node: string;
  loadBefore: number[];
  loadAfter: number[];
  servers: number[];
  days: number;
  calls: number;
  limits: number[];
  warmUp: number;
  customers: {
    id: string;
    servers: number;
    backups: number;
    changes: number;
    notices: number;
    reviews: number;
  }[];
};

const n = (v: number) => v.toLocaleString('en-GB');
const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(' / ');
const kb = (bytes: number) => (bytes / 1024).toLocaleString('en-GB', { maximumFractionDigits: 0 });

export function renderApiSection(meta: ApiMeta, rows: ApiRow[]): string {
  const lines = [
    SECTION_START,
    '## The API at a large customer (`npm run bench:api`)',
    '',
    `Generated ${meta.generatedAt} in ${meta.seconds.toFixed(0)} s on Node ${meta.node}; load average ` +
      `${load(meta.loadBefore)} before and ${load(meta.loadAfter)} after (a shared machine). One table on ` +
      'DynamoDB Local (in memory) holds every customer below; the local API server (the real router over ' +
      'HTTP on loopback) answers. Each list route is walked page by page at each page size ' +
      `(limit ${meta.limits.join(' and ')}), ${meta.calls} calls each per customer, starting again at the first page when a ` +
      `list ends, after ${meta.warmUp} unreported calls per route. "DynamoDB req / call" is the store's own meter for each call (min–max). Goals (issue 16): ` +
      `every answer ≤ 1 MB, DynamoDB requests per call independent of the number of servers, p99 ≤ ${GOALS.p99ms} ms.`,
    '',
    '| customer | servers | backups | changes | notices | reviews |',
    '| --- | --- | --- | --- | --- | --- |',
    ...meta.customers.map(
      (c) =>
        `| ${c.id} | ${n(c.servers)} | ${n(c.backups)} | ${n(c.changes)} | ${n(c.notices)} | ${n(c.reviews)} |`,
    ),
    '',
    '| route | servers | limit | calls | lists read to the end | records / call (max) | largest answer KB | DynamoDB req / call | p50 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const [lo, hi] = r.requestsPerCall;
      return `| ${r.route} | ${n(r.servers)} | ${r.limit ?? '–'} | ${r.calls} | ${r.listsWalked} | ${n(r.itemsPerCall)} | ${kb(r.maxBytes)} | ${lo === hi ? lo : `${lo}–${hi}`} | ${r.p50ms.toFixed(1)} | ${r.p99ms.toFixed(1)} |`;
    }),
    '',
    '"before" is what GET /v1/backups did until issue 16, measured on the same data through the store: ' +
      "the customer's servers, then a Query per server following every page, everything in one answer.",
    SECTION_END,
  ];
  return lines.join('\n');
}

/**
 * The part of RESULTS.md that `npm run bench` does not write: from the API section (bench:api's)
 * to the end, where the hand-written sections follow it. Empty when there is none.
 */
export function keptTail(markdown: string): string {
  const start = markdown.indexOf(SECTION_START);
  return start >= 0 ? markdown.slice(start) : '';
}

/** `markdown` with its API section replaced by `section` (or `section` appended). */
export function replaceSection(markdown: string, section: string): string {
  const start = markdown.indexOf(SECTION_START);
  const end = markdown.indexOf(SECTION_END);
  if (start >= 0 && end > start)
    return `${markdown.slice(0, start)}${section}${markdown.slice(end + SECTION_END.length)}`;
  return `${markdown.trimEnd()}\n\n${section}\n`;
}
