/** C3.2 / C5.2: the daily 12:00 notice run's scheduler payload. */
import { scheduledRunEvent } from '../../runtime/scheduled-run.ts';

export const NoticeRunEvent = scheduledRunEvent(['notice']);
