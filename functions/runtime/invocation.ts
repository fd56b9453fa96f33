/**
 * DESIGN.md rule 5: the invocation as the holder of its claims — Lambda's request id (its retries
 * carry the same one) and the deadline the Lambda context gives.
 */
import type { Context } from 'aws-lambda';
import type { Holder } from '../domain/claims.ts';
import { systemClock } from './system-clock.ts';

export const invocationOf = (
  context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
): Holder => ({
  id: context.awsRequestId,
  until: systemClock.now().add({ milliseconds: Math.max(0, context.getRemainingTimeInMillis()) }),
});
