/** Subject, body blocks and cited clauses of each notice kind. */
import type { NoticeKind } from '../domain/records.ts';
import type { NoticeContent } from './notice-blocks.ts';
import { scheduledContent, urgentContent } from './notice-content-advance.ts';
import { failureContent, grantedContent, refusedContent, reviewContent } from './notice-content-outcomes.ts';
import type { NoticeView } from './notice-view.ts';

export type { NoticeContent };

const BY_KIND: Record<NoticeKind, (view: NoticeView) => NoticeContent> = {
  scheduled: scheduledContent,
  urgent: urgentContent,
  'postponement-granted': grantedContent,
  'postponement-refused': refusedContent,
  'postponement-review': reviewContent,
  failure: failureContent,
};

export const noticeContent = (view: NoticeView): NoticeContent => BY_KIND[view.kind](view);
