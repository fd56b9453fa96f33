/**
 * A synthetic fleet: about 5 servers per customer, customers alternating between two time zones,
 * every customer on the default window (Wednesday 01:00 local, 4 h) and every server on the same
 * platform and version with two images (one Active Directory image). Loaded with the store's own
 * item codec through BatchWriteItem (test/support/seed.ts), and registered with the simulator.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { storeContext } from '../functions/adapters/dynamodb/create-dynamo-store.ts';
import type { Customer, Server } from '../functions/domain/records.ts';
import type { SimFleet } from '../local/fleet-simulator/index.ts';
import { seed } from '../test/support/seed.ts';

export const ZONES = ['Europe/London', 'America/New_York'] as const;
export const PLATFORM = 'vplat';
export const FROM_VERSION = '4.1.0';
export const SERVERS_PER_CUSTOMER = 5;
export const IMAGES = [{ name: 'dc01', activeDirectory: true }, { name: 'app01' }] as const;

const serverId = (i: number): string => `mi-${i.toString(16).padStart(17, '0')}`;

export type SyntheticFleet = { customers: Customer[]; servers: Server[] };

export function syntheticFleet(servers: number): SyntheticFleet {
  const customerCount = Math.ceil(servers / SERVERS_PER_CUSTOMER);
  const customers: Customer[] = Array.from({ length: customerCount }, (_, c) => ({
    id: `cust-${String(c).padStart(6, '0')}`,
    name: `Customer ${c}`,
    timeZone: ZONES[c % ZONES.length] as string,
    contacts: [`ops${c}@customer${c}.example`],
    maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
  }));
  const list: Server[] = Array.from({ length: servers }, (_, i) => ({
    id: serverId(i + 1),
    customerId: (customers[Math.floor(i / SERVERS_PER_CUSTOMER)] as Customer).id,
    platform: PLATFORM,
    version: FROM_VERSION,
    images: IMAGES.map((img) => ({ name: img.name, activeDirectory: 'activeDirectory' in img })),
    status: 'active',
  }));
  return { customers, servers: list };
}

export async function loadFleet(
  client: DynamoDBClient,
  tableName: string,
  fleet: SyntheticFleet,
  sim: SimFleet,
) {
  await seed(storeContext({ client, tableName }), { customers: fleet.customers, servers: fleet.servers });
  for (const s of fleet.servers) sim.addServer({ instanceId: s.id, version: s.version, images: s.images });
}
