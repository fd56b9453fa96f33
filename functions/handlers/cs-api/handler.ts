/** C4.4, C5.1, C10.2: the CS team's HTTP API (IAM authorizer). */
import { channelDepsFromEnv } from '../../api/channel-deps.ts';
import { httpHandler } from '../../api/http-handler.ts';
import { CS_API_ROUTES } from '../../api/route-tables.ts';

export const handler = httpHandler(CS_API_ROUTES, channelDepsFromEnv);
