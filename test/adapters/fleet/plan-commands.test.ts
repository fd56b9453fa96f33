import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunk, type FleetTarget, planCommands } from '../../../functions/fleet/plan-commands.ts';

const settings = { comment: 'run:1', maxConcurrency: '10', maxErrors: '0' };
const id = (n: number): string => `mi-${n.toString(16).padStart(17, '0')}`;

describe('chunk', () => {
  it('splits into pieces of at most the size, keeping every item in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 60 }), (items, size) => {
        const pieces = chunk(items, size);
        expect(pieces.flat()).toEqual(items);
        expect(pieces.every((p) => p.length >= 1 && p.length <= size)).toBe(true);
      }),
    );
  });

  it('refuses a size below 1', () => {
    expect(() => chunk([1], 0)).toThrow(/positive/);
  });
});

describe('planCommands', () => {
  it('puts servers with the same document and parameters in one command, whatever the key order', () => {
    const targets: FleetTarget[] = [
      { instanceId: id(1), document: 'PatchServer', parameters: { releaseId: ['r1'], version: ['2'] } },
      { instanceId: id(2), document: 'PatchServer', parameters: { version: ['2'], releaseId: ['r1'] } },
      { instanceId: id(3), document: 'PatchServer', parameters: { releaseId: ['r2'], version: ['3'] } },
      { instanceId: id(1), document: 'BackupImage', parameters: { image: ['dc'] } },
      { instanceId: id(2), document: 'PatchServer', parameters: { releaseId: ['r1'], version: ['2'] } },
    ];
    const planned = planCommands(targets, settings);
    expect(planned.map((c) => [c.document, c.parameters.releaseId?.[0], c.instanceIds])).toEqual([
      ['PatchServer', 'r1', [id(1), id(2)]],
      ['PatchServer', 'r2', [id(3)]],
      ['BackupImage', undefined, [id(1)]],
    ]);
    expect(planned[0]).toMatchObject(settings);
  });

  it('never puts more than 50 servers in one command and loses none', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 260 }), fc.integer({ min: 1, max: 4 }), (servers, releases) => {
        const targets: FleetTarget[] = Array.from({ length: servers }, (_, i) => ({
          instanceId: id(i + 1),
          document: 'PatchServer',
          parameters: { releaseId: [`r${i % releases}`], version: ['1'] },
        }));
        const planned = planCommands(targets, settings);
        expect(planned.every((c) => c.instanceIds.length <= 50)).toBe(true);
        expect(planned.flatMap((c) => c.instanceIds).sort()).toEqual(targets.map((t) => t.instanceId).sort());
      }),
    );
  });
});
