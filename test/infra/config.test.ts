import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors.ts';
import { loadDeploymentConfig } from '../../lib/config.ts';

const VALID = {
  senderAddress: 'patches@example.com',
  replyDomain: 'reply.example.com',
  timeZones: ['Europe/London'],
  alertEmail: 'cs-alerts@example.com',
};

const load = (context: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadDeploymentConfig({ context: (key) => context[key], env });

const errorOf = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('deployment configuration', () => {
  it('reads a complete context and fills the contract defaults', () => {
    const config = load(VALID);
    expect(config.timeZones).toEqual(['Europe/London']);
    expect(config.logLevel).toBe('INFO');
    expect(config.contractOverrides).toEqual({});
    expect(config.contract.noticeRunTime).toBe('12:00');
  });

  it('names a missing key and where to set it', () => {
    const { senderAddress: _, ...rest } = VALID;
    const error = errorOf(() => load(rest));
    expect(error.message).toBe(
      'invalid deployment configuration: senderAddress (context "senderAddress" or env PATCH_PROMISE_SENDER_ADDRESS): is required',
    );
  });

  it('names every malformed key with its rule', () => {
    const error = errorOf(() => load({ ...VALID, replyDomain: 'Not A Domain', timeZones: ['Mars/Olympus'] }));
    expect(error.issues.map((i) => i.path).sort()).toEqual(['replyDomain', 'timeZones.0']);
    expect(error.message).toContain(
      'timeZones.0 (context "timeZones" or env PATCH_PROMISE_TIME_ZONES): must be an IANA time zone',
    );
    expect(error.message).toContain(
      'replyDomain (context "replyDomain" or env PATCH_PROMISE_REPLY_DOMAIN): must be a lowercase DNS domain',
    );
  });

  it('C8.2 validates contract overrides such as working hours with the contract schema', () => {
    const error = errorOf(() => load({ ...VALID, contractConfig: { workingHours: { start: '9am' } } }));
    expect(error.message).toContain('contractConfig.workingHours.start (context "contractConfig"');
    expect(error.message).toContain('must be a local time HH:MM');
  });

  it('C8.2 keeps valid overrides as given and resolves them for the schedules', () => {
    const overrides = { workingHours: { timeZone: 'Europe/Dublin' }, cutoffTime: '17:00' };
    const config = load({ ...VALID, contractConfig: overrides });
    expect(config.contractOverrides).toEqual(overrides);
    expect(config.contract.cutoffTime).toBe('17:00');
    expect(config.contract.workingHours.timeZone).toBe('Europe/Dublin');
  });

  it('lets the environment override the context, with comma lists and JSON', () => {
    const config = load(VALID, {
      PATCH_PROMISE_TIME_ZONES: 'Europe/London, America/New_York',
      PATCH_PROMISE_CONTRACT_CONFIG: '{"noticeRunTime":"11:00"}',
      PATCH_PROMISE_REGION: 'eu-west-2',
    });
    expect(config.timeZones).toEqual(['Europe/London', 'America/New_York']);
    expect(config.contract.noticeRunTime).toBe('11:00');
    expect(config.region).toBe('eu-west-2');
  });

  it('C3.5 takes the SES send rate from the context or the environment, 14 emails/s by default', () => {
    expect(load(VALID).sesSendRate).toBe(14);
    expect(load({ ...VALID, sesSendRate: 50 }).sesSendRate).toBe(50);
    expect(load({ ...VALID, sesSendRate: 50 }, { PATCH_PROMISE_SES_SEND_RATE: '40.5' }).sesSendRate).toBe(
      40.5,
    );
  });

  it.each([0, -3, 'fast'])('C3.5 refuses an SES send rate of %s with its rule', (rate) => {
    const error = errorOf(() => load({ ...VALID, sesSendRate: rate }));
    expect(error.message).toBe(
      'invalid deployment configuration: sesSendRate (context "sesSendRate" or env PATCH_PROMISE_SES_SEND_RATE): must be a positive number of emails a second',
    );
  });

  it('refuses contract overrides that are not JSON, a repeated zone and an account that is not 12 digits', () => {
    const error = errorOf(() =>
      load({ ...VALID, contractConfig: '{oops', timeZones: 'Europe/London,Europe/London', account: '123' }),
    );
    expect(error.message).toContain(
      'contractConfig (context "contractConfig" or env PATCH_PROMISE_CONTRACT_CONFIG): must be a JSON object',
    );
    expect(error.message).toContain(
      'timeZones (context "timeZones" or env PATCH_PROMISE_TIME_ZONES): must not repeat a time zone',
    );
    expect(error.message).toContain(
      'account (context "account" or env PATCH_PROMISE_ACCOUNT): must be a 12-digit AWS account id',
    );
  });
});
