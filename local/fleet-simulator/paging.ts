/** SSM's paging on the simulator: MaxResults checked as SSM checks it, NextToken opaque. */
import { SsmError } from './ssm-error.ts';

/** A page of `items`, as SSM pages: MaxResults within [min, max] (default max), an opaque token. */
export function page<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  max = 50,
  min = 1,
) {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < min || maxResults > max)) {
    throw new SsmError(
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  const size = maxResults ?? max;
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64url').toString(), 10) : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new SsmError('InvalidNextToken', 'The NextToken is not valid');
  const end = start + size;
  return {
    items: items.slice(start, end),
    NextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}
