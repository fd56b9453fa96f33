/**
 * The simulator's own small admin API, for drivers that are not in the same process:
 *   POST /_sim/servers  { instanceId, version, images: [{ name, activeDirectory? }] }
 *   GET  /_sim/servers
 *   POST /_sim/faults   { instanceId, kind, count? }   kind: one of PATCH_FAULTS / BACKUP_FAULTS
 *   POST /_sim/agents   { instanceId, online }         the server's SSM agent goes offline / comes back
 *   GET  /_sim/history?instanceId=…&image=…
 *   POST /_sim/advance  { to: ISO instant }            (virtual mode)
 */
import { toInstant } from '../../functions/domain/calendar.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import type { SimFleet } from './sim-fleet.ts';
import { BACKUP_FAULTS, type FaultKind, PATCH_FAULTS, type SimServerInput } from './sim-types.ts';

export type AdminReply = { status: number; body?: unknown };

const FAULTS: readonly string[] = [...PATCH_FAULTS, ...BACKUP_FAULTS];

export async function adminRoute(
  fleet: SimFleet,
  method: string,
  url: URL,
  body: unknown,
): Promise<AdminReply> {
  const route = `${method} ${url.pathname}`;
  const input = (body ?? {}) as Record<string, unknown>;
  switch (route) {
    case 'POST /_sim/servers':
      fleet.addServer(input as SimServerInput);
      return { status: 201 };
    case 'GET /_sim/servers':
      return {
        status: 200,
        body: fleet.listServers().map((s) => ({
          instanceId: s.instanceId,
          version: s.version,
          images: s.images,
          health: s.health,
          online: s.agent.online,
          rollbackPoints: [...s.rollbackPoints.keys()],
        })),
      };
    case 'POST /_sim/faults': {
      const kind = String(input.kind);
      if (!FAULTS.includes(kind)) throw new ValidationError(`fault kind must be one of ${FAULTS.join(', ')}`);
      fleet.setFault(String(input.instanceId), kind as FaultKind, Number(input.count ?? 1));
      return { status: 204 };
    }
    case 'POST /_sim/agents': {
      if (typeof input.online !== 'boolean') throw new ValidationError('online must be true or false');
      fleet.setAgentOnline(String(input.instanceId), input.online);
      return { status: 204 };
    }
    case 'GET /_sim/history': {
      const instanceId = url.searchParams.get('instanceId');
      const image = url.searchParams.get('image') ?? undefined;
      return { status: 200, body: instanceId ? fleet.historyOf(instanceId, image) : fleet.history };
    }
    case 'POST /_sim/advance':
      await fleet.advanceTo(toInstant(String(input.to)));
      return { status: 204 };
    default:
      return { status: 404, body: { message: `no route ${route}` } };
  }
}
