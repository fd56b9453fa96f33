/** C4, C5.4, C12.1: the customer HTTP API (JWT authorizer; customer id from `custom:customer_id`). */
import { channelDepsFromEnv } from '../../api/channel-deps.ts';
import { httpHandler } from '../../api/http-handler.ts';
import { CUSTOMER_API_ROUTES } from '../../api/route-tables.ts';

export const handler = httpHandler(CUSTOMER_API_ROUTES, channelDepsFromEnv);
