/** C1.3 / C5.1: what the CS team sends to declare an urgent release (validated in the use case). */
export { UrgentReleaseInput } from '../../application/runs/plan-urgent-release.ts';
