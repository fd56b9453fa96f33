/**
 * Cross-cutting Lambda plumbing (STYLE.md habit 2 and 4): Powertools logger with the request id,
 * and one mapping of typed errors to a log line. Callers never receive a stack trace or an
 * internal message: a DomainError keeps its own (caller-readable) message, anything else becomes
 * "internal error" with the request id, and the full detail stays in the log.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DomainError, PolicyRefusal } from '../domain/errors.ts';

/** One logger per function, at module scope; service name and level come from the env. */
export const logger = new Logger();

/** The log fields of an error: typed errors by kind and clause, others by name (stack in the log only). */
export function describeError(error: unknown): Record<string, unknown> {
  // `message` is reserved by the Powertools logger (the log line's own message): use `detail`.
  if (error instanceof PolicyRefusal) return { kind: error.kind, clause: error.clause, detail: error.reason };
  if (error instanceof DomainError) return { kind: error.kind, detail: error.message };
  if (error instanceof Error) return { kind: 'internal', name: error.name, detail: error.message };
  return { kind: 'internal', detail: String(error) };
}

/** What a caller may see of an error: never a stack, never internals. */
export class PublicError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'PublicError';
    this.stack = undefined;
  }
}

export function publicErrorOf(error: unknown, requestId: string | undefined): PublicError {
  if (error instanceof DomainError) return new PublicError(error.kind, error.message);
  return new PublicError('internal', `internal error (request ${requestId ?? 'unknown'})`);
}

export type RuntimeOptions<TResult> = {
  /** Channels that answer a caller (HTTP, email) turn an error into their own response. */
  mapError?: (error: unknown) => TResult;
};

/**
 * Wraps a handler: request id in every log line, typed errors logged once as one line, and either
 * `mapError`'s response or a sanitized PublicError thrown (so Lambda's retry still sees a failure).
 */
export function withRuntime<TEvent, TResult>(
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  options: RuntimeOptions<TResult> = {},
) {
  return middy<TEvent, TResult>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const error = request.error;
        const fields = describeError(error);
        if (error instanceof DomainError) logger.warn('request refused', fields);
        else logger.error('request failed', { ...fields, error: error as Error });
        if (options.mapError) {
          request.response = options.mapError(error);
          return;
        }
        request.error = publicErrorOf(error, request.context.awsRequestId);
      },
    });
}
