/** The local services a crash world runs on: the suite's DynamoDB Local and one local SES server. */
import { afterAll, beforeAll, inject } from 'vitest';
import { startSesEvents } from '../../local/services/ses-events.ts';
import { SesLocalStore, startSesLocal } from '../../local/services/ses-local.ts';
import type { Services } from './world.ts';

export function useCrashServices(): Services {
  const services = {} as Services;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const ses = await startSesLocal();
    const sesEvents = await startSesEvents(ses.endpoint);
    stop = async () => {
      await sesEvents.stop();
      await ses.stop();
    };
    Object.assign(services, {
      dynamoEndpoint: inject('dynamoEndpoint'),
      ses: new SesLocalStore(ses.endpoint),
      sesEvents,
    });
  });
  afterAll(async () => {
    await stop?.();
  });
  return services;
}
