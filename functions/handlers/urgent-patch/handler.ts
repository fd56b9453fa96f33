/**
 * C1.3, C5.1, C5.3: the CS team invokes this after testing and validating a release it declares
 * urgent; every targeted server gets an urgent change for the first night the 12:00 notice allows.
 */

import type { Context } from 'aws-lambda';
import { readEnv } from '../../runtime/env.ts';
import { invocationOf } from '../../runtime/invocation.ts';
import { logger, withRuntime } from '../../runtime/middleware.ts';
import { baseDeps } from '../../runtime/wiring/store.ts';
import { urgentPatchApp } from './app.ts';

const env = readEnv(['TABLE_NAME', 'CONTRACT_CONFIG']);
const app = urgentPatchApp(baseDeps(env));

export const handler = withRuntime(async (event: unknown, context: Context) => {
  const result = await app(event, invocationOf(context));
  logger.info(result.created ? 'urgent release planned' : 'urgent release already planned, nothing new', {
    releaseId: result.release.id,
    changes: result.changes,
    newChanges: result.newChanges,
    skipped: result.skipped.length,
  });
  return result;
});
