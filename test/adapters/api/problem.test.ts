import { describe, expect, it } from 'vitest';
import { problemResponse, toProblem } from '../../../functions/api/problem.ts';
import {
  ConflictError,
  IllegalTransitionError,
  NotFoundError,
  PolicyRefusal,
  ValidationError,
} from '../../../functions/domain/errors.ts';

describe('typed errors → problem+json (mapped once)', () => {
  it.each([
    [new ValidationError('invalid body: reason: required', [{ path: 'reason', message: 'required' }]), 400],
    [new NotFoundError('change', 'x'), 404],
    [new ConflictError('lost a race'), 409],
    [new IllegalTransitionError('succeeded', 'postponed'), 409],
    [new PolicyRefusal('C4.2', 'too late'), 422],
  ])('%s → %i', (error, status) => {
    expect(toProblem(error, 'req-1')).toMatchObject({ status, instance: 'req-1' });
  });

  it('C4.2 a refusal carries its clause and the readable reason', () => {
    expect(toProblem(new PolicyRefusal('C4.2', 'received after 18:00'), 'r')).toMatchObject({
      clause: 'C4.2',
      detail: 'received after 18:00',
    });
  });

  it('maps throttling to 429 with Retry-After', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const res = problemResponse(toProblem(throttled, 'r'));
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('5');
  });

  it('never echoes an internal error or its stack', () => {
    const internal = new TypeError("Cannot read properties of undefined (reading 'secretTable')");
    const res = problemResponse(toProblem(internal, 'req-9'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secretTable');
    expect(res.body).not.toContain('.ts:');
    expect(JSON.parse(res.body).detail).toContain('req-9');
  });
});
