/**
 * bench/DESIGN.md "Design for 100,000 servers", Rates: the notice run's shard workers share the
 * account's SES rate, so the stack gives each its share (SES_SEND_RATE = sesSendRate ÷ workers).
 */
import { describe, expect, it } from 'vitest';
import { envOf, FUNCTION_CATALOG, FUNCTION_NAMES, SHARD_WORKERS } from '../../lib/function-catalog.ts';
import { EXAMPLE_CONTEXT, type SynthesizedApp, synthExampleApp } from './synth-app.ts';

type Resource = { Properties: { Environment?: { Variables?: Record<string, unknown> } } };

const sendRateOf = (built: SynthesizedApp, logicalId: string): unknown => {
  const fn = built.statelessTemplate.findResources('AWS::Lambda::Function')[logicalId] as Resource;
  return fn.Properties.Environment?.Variables?.SES_SEND_RATE;
};

const noticeId = (built: SynthesizedApp): string =>
  built.stateless.getLogicalId(built.stateless.functions.notice.node.defaultChild as never);

describe('SES send rate (C3.2 notices, C3.5 mail service)', () => {
  it('C3.2 C3.5 paces each notice worker at 7 emails/s by default: 14/s shared by 2 workers', () => {
    const built = synthExampleApp();
    expect(SHARD_WORKERS.notice).toBe(2);
    expect(built.config.sesSendRate).toBe(14);
    expect(sendRateOf(built, noticeId(built))).toBe('7');
  }, 120_000);

  it('C3.2 C3.5 follows a configured account rate', () => {
    const built = synthExampleApp({ ...EXAMPLE_CONTEXT, sesSendRate: 50 });
    expect(sendRateOf(built, noticeId(built))).toBe(String(50 / SHARD_WORKERS.notice));
  }, 120_000);

  it('only the notice run is paced (the catalog lists SES_SEND_RATE for its coordinator and shard function alone)', () => {
    expect(FUNCTION_NAMES.filter((name) => envOf(name).includes('SES_SEND_RATE'))).toEqual([
      'notice',
      'notice-shard',
    ]);
    expect(FUNCTION_CATALOG['notice-shard'].shardWorkers).toBe(SHARD_WORKERS.notice);
  });
});
