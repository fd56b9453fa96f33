import type { Principal } from './http-event.ts';
import { HttpProblem } from './problem.ts';

export function customerIdOf(p: Principal): string {
  if (p.kind !== 'customer') throw new HttpProblem(403, 'Forbidden', 'this route is for customers');
  return p.customerId;
}

export function csIdentityOf(p: Principal): string {
  if (p.kind !== 'cs') throw new HttpProblem(403, 'Forbidden', 'this route is for the CS team');
  return p.identity;
}
