/** C4.4, C5.1, C10.2: the CS team's HTTP API (IAM authorizer). */
import { channelDepsFromEnv } from '../api/channel-deps.ts';
import { csRoutes } from '../api/cs-routes.ts';
import { httpHandler } from '../api/http-handler.ts';

export const handler = httpHandler(csRoutes, channelDepsFromEnv);
