/** Composition, the fleet: the SSM client and the fleet adapter (see store.ts). */
import { SSMClient } from '@aws-sdk/client-ssm';
import { SsmFleet } from '../../adapters/ssm/ssm-fleet.ts';
import type { Fleet } from '../../application/ports.ts';

let ssm: SSMClient | undefined;

/** The deployed document names (the stack may prefix them); the use cases say PatchServer / BackupImage. */
export const fleetFor = (names: { patch?: string; backup?: string } = {}): Fleet => {
  ssm ??= new SSMClient({});
  return new SsmFleet(ssm, {
    documentNames: {
      ...(names.patch ? { PatchServer: names.patch } : {}),
      ...(names.backup ? { BackupImage: names.backup } : {}),
    },
  });
};
