import {
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationCommandInput,
  ListCommandInvocationsCommand,
  ListCommandsCommand,
  type ListCommandsCommandInput,
  SendCommandCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmFleet } from '../../../functions/adapters/ssm/ssm-fleet.ts';
import type { FleetCommand } from '../../../functions/application/ports.ts';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { ValidationError } from '../../../functions/domain/errors.ts';
import { planCommands } from '../../../functions/fleet/plan-commands.ts';

const ssm = mockClient(SSMClient);
const instanceId = (n: number): string => `mi-${n.toString(16).padStart(17, '0')}`;
const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => instanceId(i + 1));

const command = (over: Partial<FleetCommand> = {}): FleetCommand => ({
  document: 'PatchServer',
  instanceIds: ids(3),
  parameters: { releaseId: ['r-2026-11'], version: ['7.4.1'] },
  comment: 'run:apply:2026-11-25T01:00Z',
  maxConcurrency: '10',
  maxErrors: '100%',
  timeoutSeconds: 600,
  ...over,
});

beforeEach(() => {
  ssm.reset();
  ssm
    .on(SendCommandCommand)
    .callsFake((input) => Promise.resolve({ Command: { CommandId: `cmd-${input.InstanceIds.length}` } }));
});

describe('SsmFleet.sendCommand', () => {
  it('C6.1 sends 120 servers of one release as 3 SendCommand calls of at most 50 ids each', async () => {
    const fleet = new SsmFleet(new SSMClient({}));
    const targets = ids(120).map((id) => ({
      instanceId: id,
      document: 'PatchServer' as const,
      parameters: { releaseId: ['r-2026-11'], version: ['7.4.1'] },
    }));
    const planned = planCommands(targets, {
      comment: 'run:apply:1',
      maxConcurrency: '10',
      maxErrors: '100%',
      timeoutSeconds: 600,
    });
    const results = await Promise.all(planned.map((c) => fleet.sendCommand(c)));

    const calls = ssm.commandCalls(SendCommandCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.InstanceIds?.length)).toEqual([50, 50, 20]);
    expect(new Set(calls.flatMap((c) => c.InstanceIds))).toEqual(new Set(ids(120)));
    expect(results.map((r) => r.commandId)).toEqual(['cmd-50', 'cmd-50', 'cmd-20']);
    expect(calls[0]).toMatchObject({
      DocumentName: 'PatchServer',
      Parameters: { releaseId: ['r-2026-11'], version: ['7.4.1'] },
      Comment: 'run:apply:1',
      MaxConcurrency: '10',
      MaxErrors: '100%',
      TimeoutSeconds: 600,
    });
    expect(calls[0]?.CloudWatchOutputConfig).toBeUndefined();
  });

  it('refuses more than 50 instance ids without calling SSM', async () => {
    const fleet = new SsmFleet(new SSMClient({}));
    await expect(fleet.sendCommand(command({ instanceIds: ids(51) }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it('refuses a comment over 100 characters and an id that is not a managed instance', async () => {
    const fleet = new SsmFleet(new SSMClient({}));
    await expect(fleet.sendCommand(command({ comment: 'x'.repeat(101) }))).rejects.toThrow(/comment/);
    await expect(fleet.sendCommand(command({ instanceIds: ['i-0123456789abcdef0'] }))).rejects.toThrow(
      /managed instance/,
    );
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it('uses the deployed document name and the CloudWatch output group when configured', async () => {
    const fleet = new SsmFleet(new SSMClient({}), {
      documentNames: { BackupImage: 'Prod-BackupImage-1A2B' },
      outputLogGroup: '/patch-promise/fleet',
    });
    await fleet.sendCommand(command({ document: 'BackupImage', parameters: { image: ['dc'] } }));
    expect(ssm.commandCalls(SendCommandCommand)[0]?.args[0].input).toMatchObject({
      DocumentName: 'Prod-BackupImage-1A2B',
      CloudWatchOutputConfig: {
        CloudWatchOutputEnabled: true,
        CloudWatchLogGroupName: '/patch-promise/fleet',
      },
    });
  });
});

describe('SsmFleet.listInvocations', () => {
  it('C9.3 follows NextToken across pages and maps status, detailed status, response code and output', async () => {
    ssm
      .on(ListCommandInvocationsCommand)
      .resolvesOnce({
        CommandInvocations: [
          {
            CommandId: 'c1',
            InstanceId: instanceId(1),
            Status: 'Success',
            Comment: 'run:1',
            CommandPlugins: [
              { Name: 'backupImage', ResponseCode: 0, Output: 'IMAGE=dc COPIES=local,cloud RESULT=0' },
            ],
          },
          {
            CommandId: 'c1',
            InstanceId: instanceId(2),
            Status: 'Failed',
            StatusDetails: 'Failed',
            CommandPlugins: [{ Name: 'patchServer', ResponseCode: 20 }],
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        CommandInvocations: [
          {
            CommandId: 'c1',
            InstanceId: instanceId(3),
            Status: 'Failed',
            StatusDetails: 'Undeliverable',
            CommandPlugins: [{ Name: 'patchServer', ResponseCode: -1 }],
          },
          {
            CommandId: 'c1',
            InstanceId: instanceId(4),
            Status: 'InProgress',
            CommandPlugins: [{ ResponseCode: -1 }],
          },
        ],
      });
    const fleet = new SsmFleet(new SSMClient({}));

    const invocations = await fleet.listInvocations('c1');

    expect(invocations).toEqual([
      {
        commandId: 'c1',
        instanceId: instanceId(1),
        status: 'Success',
        responseCode: 0,
        comment: 'run:1',
        output: 'IMAGE=dc COPIES=local,cloud RESULT=0',
      },
      { commandId: 'c1', instanceId: instanceId(2), status: 'Failed', responseCode: 20, comment: undefined },
      {
        commandId: 'c1',
        instanceId: instanceId(3),
        status: 'Undeliverable',
        responseCode: undefined,
        comment: undefined,
      },
      {
        commandId: 'c1',
        instanceId: instanceId(4),
        status: 'InProgress',
        responseCode: undefined,
        comment: undefined,
      },
    ]);
    const inputs = ssm.commandCalls(ListCommandInvocationsCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { CommandId: 'c1', Details: true, MaxResults: 50, NextToken: undefined },
      { CommandId: 'c1', Details: true, MaxResults: 50, NextToken: 'page-2' },
    ]);
  });

  it("C8.1 asks for one server's invocation only when given its instance id (the result handler's read)", async () => {
    ssm.on(ListCommandInvocationsCommand).resolves({
      CommandInvocations: [
        {
          CommandId: 'c2',
          InstanceId: instanceId(7),
          Status: 'Failed',
          CommandPlugins: [{ Name: 'patchServer', ResponseCode: 30 }],
        },
      ],
    });
    const fleet = new SsmFleet(new SSMClient({}));

    const invocations = await fleet.listInvocations('c2', instanceId(7));

    expect(invocations.map((i) => [i.instanceId, i.responseCode])).toEqual([[instanceId(7), 30]]);
    const [input] = ssm.commandCalls(ListCommandInvocationsCommand).map((c) => c.args[0].input);
    expect(input).toMatchObject({ CommandId: 'c2', InstanceId: instanceId(7), Details: true });
  });
});

describe('SsmFleet.describeInstances', () => {
  it('C6.1 asks for at most 50 ids per DescribeInstanceInformation, follows every page, and maps PingStatus', async () => {
    // The paginator reuses its input object: each request is copied as it is sent.
    const inputs: DescribeInstanceInformationCommandInput[] = [];
    ssm.on(DescribeInstanceInformationCommand).callsFake((input) => {
      inputs.push({ ...input });
      const values: string[] = input.Filters?.[0]?.Values ?? [];
      // Two pages per batch of 50: 30 ids, then the rest; SSM does not know the last id.
      const page = (input.NextToken ? values.slice(30) : values.slice(0, 30)).filter(
        (id) => id !== instanceId(120),
      );
      return Promise.resolve({
        InstanceInformationList: page.map((id) => ({
          InstanceId: id,
          PingStatus: Number.parseInt(id.slice(3), 16) % 2 === 1 ? 'Online' : 'ConnectionLost',
          LastPingDateTime: new Date('2026-11-25T00:55:00Z'),
        })),
        NextToken: input.NextToken || values.length <= 30 ? undefined : 'more',
      });
    });
    const fleet = new SsmFleet(new SSMClient({}));

    const agents = await fleet.describeInstances([...ids(120), instanceId(1)]);

    expect(
      inputs.map((i) => [i.Filters?.[0]?.Key, i.Filters?.[0]?.Values?.length, i.MaxResults, i.NextToken]),
    ).toEqual([
      ['InstanceIds', 50, 50, undefined],
      ['InstanceIds', 50, 50, 'more'],
      ['InstanceIds', 50, 50, undefined],
      ['InstanceIds', 50, 50, 'more'],
      ['InstanceIds', 20, 50, undefined],
    ]);
    expect(inputs.every((i) => i.InstanceInformationFilterList === undefined)).toBe(true);
    expect(agents.size).toBe(119);
    expect(agents.has(instanceId(120))).toBe(false);
    expect(agents.get(instanceId(1))).toEqual({ online: true, lastPingAt: '2026-11-25T00:55:00.000Z' });
    expect(agents.get(instanceId(2))).toEqual({ online: false, lastPingAt: '2026-11-25T00:55:00.000Z' });
  });

  it('asks nothing for no ids', async () => {
    const fleet = new SsmFleet(new SSMClient({}));
    expect((await fleet.describeInstances([])).size).toBe(0);
    expect(ssm.commandCalls(DescribeInstanceInformationCommand)).toHaveLength(0);
  });
});

describe('SsmFleet.findCommands', () => {
  const sent = (id: string, comment: string, at: string, over: Record<string, unknown> = {}) => ({
    CommandId: id,
    Comment: comment,
    DocumentName: 'patch-promise-PatchServer',
    InstanceIds: [instanceId(1), instanceId(2)],
    Parameters: { releaseId: ['r-1'], version: ['7.4.1'] },
    RequestedDateTime: new Date(at),
    Status: 'InProgress' as const,
    ...over,
  });

  it("C11.2 lists one server's commands by InstanceId, DocumentName and InvokedAfter, pages, and matches the comment here", async () => {
    const pages = [
      {
        Commands: [
          sent('c1', 'run:apply:2026-11-25T01:00Z', '2026-11-25T01:00:02.500Z'),
          sent('c2', 'run:apply:2026-11-18T01:00Z', '2026-11-25T01:00:01Z'),
        ],
        NextToken: 'p2',
      },
      {
        Commands: [
          sent('c3', 'run:apply:2026-11-25T01:00Z#2', '2026-11-25T01:05:00Z', { Status: 'Success' }),
          sent('c4', 'run:apply:2026-11-25T01:00Z', '2026-11-25T00:59:59.900Z'),
        ],
      },
    ];
    // The paginator reuses its input object: each request is copied as it is sent.
    const inputs: ListCommandsCommandInput[] = [];
    ssm.on(ListCommandsCommand).callsFake((input) => {
      inputs.push({ ...input });
      return Promise.resolve(pages[inputs.length - 1]);
    });
    const fleet = new SsmFleet(new SSMClient({}), {
      documentNames: { PatchServer: 'patch-promise-PatchServer' },
    });

    const found = await fleet.findCommands({
      instanceId: instanceId(1),
      commentPrefix: 'run:apply:2026-11-25T01:00Z',
      document: 'PatchServer',
      after: toInstant('2026-11-25T01:00:00.500Z'),
    });

    const filters = [
      { key: 'DocumentName', value: 'patch-promise-PatchServer' },
      { key: 'InvokedAfter', value: '2026-11-25T01:00:00Z' },
    ];
    expect(inputs).toEqual([
      { InstanceId: instanceId(1), Filters: filters, MaxResults: 50 },
      { InstanceId: instanceId(1), Filters: filters, MaxResults: 50, NextToken: 'p2' },
    ]);
    expect(found).toEqual([
      {
        commandId: 'c3',
        comment: 'run:apply:2026-11-25T01:00Z#2',
        instanceIds: [instanceId(1), instanceId(2)],
        document: 'patch-promise-PatchServer',
        parameters: { releaseId: ['r-1'], version: ['7.4.1'] },
        requestedAt: '2026-11-25T01:05:00.000Z',
        status: 'Success',
      },
      expect.objectContaining({
        commandId: 'c1',
        requestedAt: '2026-11-25T01:00:02.500Z',
        status: 'InProgress',
      }),
    ]);
  });

  it('an exact comment matches only that comment', async () => {
    ssm.on(ListCommandsCommand).resolves({
      Commands: [
        sent('c1', 'run:backup:7', '2026-11-22T02:00:00Z'),
        sent('c2', 'run:backup:70', '2026-11-22T02:00:00Z'),
      ],
    });
    const fleet = new SsmFleet(new SSMClient({}));
    const found = await fleet.findCommands({ instanceId: instanceId(1), comment: 'run:backup:7' });
    expect(found.map((c) => c.commandId)).toEqual(['c1']);
    expect(ssm.commandCalls(ListCommandsCommand)[0]?.args[0].input).toEqual({
      InstanceId: instanceId(1),
      MaxResults: 50,
    });
  });
});
