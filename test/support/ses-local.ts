/**
 * A local SES (aws-ses-v2-local) for tests that send through the real SES client, started with the
 * same starter `npm start` uses (local/services/ses-local.ts) on a free loopback port.
 *
 *   const ses = await startSesLocal();
 *   const client = ses.client();            // a real SESv2Client pointed at it
 *   const emails = await ses.emails();      // what it received
 *   await ses.stop();
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  SesLocalStore,
  type StoredEmail,
  startSesLocal as startLocalSes,
} from '../../local/services/ses-local.ts';

export type LocalEmail = StoredEmail;

export type SesLocal = {
  endpoint: string;
  client(): SESv2Client;
  emails(sinceEpochSeconds?: number): Promise<LocalEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
};

export async function startSesLocal(): Promise<SesLocal> {
  const service = await startLocalSes();
  const store = new SesLocalStore(service.endpoint);
  return {
    endpoint: service.endpoint,
    client: () =>
      new SESv2Client({
        endpoint: service.endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      }),
    emails: (since) => store.list(since),
    clear: () => store.clear(),
    stop: () => service.stop(),
  };
}
