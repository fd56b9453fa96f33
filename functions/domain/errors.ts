/**
 * Typed errors (STYLE.md habit 4). Use cases throw these; each channel maps them once:
 * HTTP status and problem+json in the API, a reply text in the email channel, a log line in runs.
 * Messages are written for the person who sent the input; internals never go in them.
 */
export type FieldIssue = { path: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not-found' | 'policy' | 'conflict' | 'transition';
}

/** Input that breaks a rule of shape or range. Each issue names the field and the rule. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A record that does not exist, or that the caller may not see (C12.1: both look the same). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
    this.name = 'NotFoundError';
  }
}

/** A request the contract refuses: carries the clause and a reason the customer can read. */
export class PolicyRefusal extends DomainError {
  readonly kind = 'policy' as const;
  constructor(
    readonly clause: string,
    readonly reason: string,
  ) {
    super(`${clause}: ${reason}`);
    this.name = 'PolicyRefusal';
  }
}

/** A conditional write that lost a race, or a duplicate that differs from the original. */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A state change the Change life does not allow; names both states. */
export class IllegalTransitionError extends DomainError {
  readonly kind = 'transition' as const;
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a change cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}
