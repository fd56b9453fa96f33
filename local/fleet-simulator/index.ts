/**
 * The project's SSM Run Command simulator (nothing on npm emulates it). Point the real
 * @aws-sdk/client-ssm at `url` (client `endpoint`, or AWS_ENDPOINT_URL_SSM) and drive the fleet
 * through `fleet` (servers, faults, history) and `advanceTo` (virtual time).
 */
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../functions/application/ports.ts';
import type { Instant } from '../../functions/domain/calendar.ts';
import { createSimulatorServer } from './http-server.ts';
import type { InvocationStatusChangeEvent } from './invocation-event.ts';
import { SimFleet, type SimFleetOptions } from './sim-fleet.ts';

export type { InvocationStatusChangeEvent } from './invocation-event.ts';
export { INVOCATION_DETAIL_TYPE } from './invocation-event.ts';
export type { SimCommand, SimInvocation } from './sim-fleet.ts';
export { SimFleet } from './sim-fleet.ts';
export * from './sim-types.ts';

export type FleetSimulatorOptions = Omit<SimFleetOptions, 'clock' | 'onEvent'> & {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  clock: Clock;
  onEvent?: (event: InvocationStatusChangeEvent) => void | Promise<void>;
};

export type FleetSimulator = {
  url: string;
  fleet: SimFleet;
  advanceTo(instant: Instant): Promise<void>;
  stop(): Promise<void>;
};

export async function startFleetSimulator(options: FleetSimulatorOptions): Promise<FleetSimulator> {
  const { port = 0, host = '127.0.0.1', ...fleetOptions } = options;
  const fleet = new SimFleet(fleetOptions);
  const server = createSimulatorServer(fleet);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    fleet,
    advanceTo: (instant) => fleet.advanceTo(instant),
    stop: async () => {
      const closed = new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
      server.closeAllConnections();
      await closed;
      await fleet.idle();
    },
  };
}
