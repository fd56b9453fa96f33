/**
 * DescribeInstanceInformation on the simulated fleet: each server as an SSM hybrid managed
 * instance, its agent Online or ConnectionLost (SimFleet.setAgentOnline, or POST /_sim/agents).
 *
 * As the SSM API documents it: filters come either as `Filters` ({ Key, Values }) or as the legacy
 * `InstanceInformationFilterList` ({ key, valueSet }), never both; each filter has 1–100 values;
 * MaxResults is 5–50. The simulator supports the InstanceIds and PingStatus keys (the other keys
 * SSM knows are refused with a message saying so). A malformed instance id is InvalidInstanceId;
 * a well-formed id the fleet does not have is left out of the answer.
 */
import { page } from './paging.ts';
import type { SimFleet } from './sim-fleet.ts';
import type { SimServer } from './sim-types.ts';
import { SsmError } from './ssm-error.ts';

const PING_STATUSES = ['Online', 'ConnectionLost', 'Inactive'];
const OTHER_SSM_KEYS = [
  'AgentVersion',
  'PlatformTypes',
  'ActivationIds',
  'IamRole',
  'ResourceType',
  'AssociationStatus',
];
const INSTANCE_ID = /^(mi-[0-9a-f]{17}|i-[0-9a-f]{8}([0-9a-f]{9})?)$/;

export type DescribeInput = {
  Filters?: { Key?: string; Values?: string[] }[];
  InstanceInformationFilterList?: { key?: string; valueSet?: string[] }[];
  MaxResults?: number;
  NextToken?: string;
};

type Filter = { key: string; values: string[] };

function filtersOf(input: DescribeInput): Filter[] {
  if (input.Filters && input.InstanceInformationFilterList) {
    throw new SsmError(
      'ValidationException',
      'Filters and InstanceInformationFilterList cannot be used together',
    );
  }
  const filters =
    input.Filters?.map((f) => ({ key: f.Key ?? '', values: f.Values ?? [] })) ??
    input.InstanceInformationFilterList?.map((f) => ({ key: f.key ?? '', values: f.valueSet ?? [] })) ??
    [];
  for (const { key, values } of filters) {
    if (key !== 'InstanceIds' && key !== 'PingStatus') {
      const known = OTHER_SSM_KEYS.includes(key) || key === 'tag-key' || key.startsWith('tag:');
      throw new SsmError(
        'InvalidFilterKey',
        known
          ? `the fleet simulator filters by InstanceIds and PingStatus only, not ${key}`
          : `${key || '(none)'} is not a filter key`,
      );
    }
    if (values.length < 1 || values.length > 100) {
      throw new SsmError('InvalidInstanceInformationFilterValue', `the ${key} filter takes 1 to 100 values`);
    }
    if (key === 'PingStatus') {
      const bad = values.filter((v) => !PING_STATUSES.includes(v));
      if (bad.length) {
        throw new SsmError(
          'InvalidInstanceInformationFilterValue',
          `PingStatus is one of ${PING_STATUSES.join(', ')}, not ${bad.join(', ')}`,
        );
      }
    } else {
      const bad = values.filter((v) => !INSTANCE_ID.test(v));
      if (bad.length)
        throw new SsmError('InvalidInstanceId', `Instances [[${bad.join(', ')}]] are not valid`);
    }
  }
  return filters;
}

const pingStatus = (server: Readonly<SimServer>) => (server.agent.online ? 'Online' : 'ConnectionLost');

function instanceShape(server: Readonly<SimServer>, now: number) {
  return {
    InstanceId: server.instanceId,
    PingStatus: pingStatus(server),
    // An online agent pings every few minutes: its last ping is now; an offline one's is when it left.
    LastPingDateTime: (server.agent.online ? now : server.agent.since) / 1000,
    AgentVersion: '3.3.0.0',
    IsLatestVersion: true,
    PlatformType: 'Linux',
    PlatformName: 'patch-promise platform',
    PlatformVersion: server.version,
    ResourceType: 'ManagedInstance',
    Name: server.instanceId,
    ComputerName: `${server.instanceId}.simulated`,
    RegistrationDate: server.agent.registeredAt / 1000,
    SourceId: server.instanceId,
    SourceType: 'AWS::SSM::ManagedInstance',
  };
}

export function describeInstanceInformation(fleet: SimFleet, input: DescribeInput) {
  const filters = filtersOf(input);
  const ids = filters.find((f) => f.key === 'InstanceIds')?.values;
  const pings = filters.find((f) => f.key === 'PingStatus')?.values;
  const servers = fleet.agents(ids).filter((s) => pings === undefined || pings.includes(pingStatus(s)));
  const { items, NextToken } = page(servers, input.MaxResults, input.NextToken, 50, 5);
  const now = fleet.now();
  return { InstanceInformationList: items.map((s) => instanceShape(s, now)), NextToken };
}
