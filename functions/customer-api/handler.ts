/** C4, C5.4, C12.1: the customer HTTP API (JWT authorizer; customer id from `custom:customer_id`). */
import { channelDepsFromEnv } from '../api/channel-deps.ts';
import { customerRoutes } from '../api/customer-routes.ts';
import { httpHandler } from '../api/http-handler.ts';

export const handler = httpHandler(customerRoutes, channelDepsFromEnv);
