/**
 * Typed errors mapped once to RFC 9457 problem+json (STYLE.md habit 4). Internals and stack traces
 * never leave here: an unknown error becomes a plain 500 whose detail is the request id.
 */
import { DomainError, type FieldIssue } from '../domain/errors.ts';
import type { HttpResult } from './http-event.ts';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Validation errors: one entry per field and rule. */
  errors?: FieldIssue[];
  /** PolicyRefusal: the contract clause that refuses the request. */
  clause?: string;
  [extension: string]: unknown;
};

/** An HTTP-level refusal that no domain error describes (401, 403, 404 route, 405, 413, 415, 429). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const TITLES: Record<DomainError['kind'], [number, string]> = {
  validation: [400, 'Invalid request'],
  'not-found': [404, 'Not found'],
  policy: [422, 'Refused by the service contract'],
  conflict: [409, 'Conflict'],
  transition: [409, 'Not possible in the current state'],
};

export function toProblem(error: unknown, requestId: string): Problem {
  const base = { type: 'about:blank', instance: requestId };
  if (error instanceof HttpProblem) {
    return { ...base, title: error.title, status: error.status, detail: error.detail, ...error.extensions };
  }
  if (error instanceof DomainError) {
    const [status, title] = TITLES[error.kind];
    const problem: Problem = { ...base, title, status, detail: error.message };
    if ('issues' in error && Array.isArray(error.issues)) problem.errors = error.issues as FieldIssue[];
    if ('clause' in error && typeof error.clause === 'string') {
      problem.clause = error.clause;
      problem.detail = 'reason' in error && typeof error.reason === 'string' ? error.reason : error.message;
    }
    if ('extensions' in error && error.extensions && typeof error.extensions === 'object') {
      Object.assign(problem, error.extensions);
    }
    return problem;
  }
  if (error instanceof Error && THROTTLING.has(error.name)) {
    return {
      ...base,
      title: 'Too many requests',
      status: 429,
      detail: 'The service is busy; retry shortly.',
    };
  }
  return {
    ...base,
    title: 'Internal error',
    status: 500,
    detail: `Something went wrong on our side; quote request id ${requestId} to the support team.`,
  };
}

export function problemResponse(problem: Problem): HttpResult {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.status === 429) headers['retry-after'] = '5';
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}
