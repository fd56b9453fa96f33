/** C3.1 / C5.2 / C11.2: the hourly overnight apply run's scheduler payload. */
import { scheduledRunEvent } from '../../runtime/scheduled-run.ts';

export const ApplyRunEvent = scheduledRunEvent(['apply']);
