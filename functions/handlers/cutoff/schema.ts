/** C5.5: the daily 18:00 cutoff run's scheduler payload. */
import { scheduledRunEvent } from '../../runtime/scheduled-run.ts';

export const CutoffRunEvent = scheduledRunEvent(['cutoff']);
