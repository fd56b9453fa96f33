/**
 * The portal and the console declare the shapes they read (web/portal/types.ts,
 * web/console/types.ts); the API declares what it answers (functions/api/*schemas.ts). These
 * assertions are types: `npm run typecheck` (and so CI) fails when an answer stops giving what a
 * page reads, e.g. a field renamed or made optional on one side only.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type * as P from '../../../functions/api/portal-schemas.ts';
import type * as S from '../../../functions/api/schemas.ts';
import type * as Console from '../../../web/console/types.ts';
import type * as Portal from '../../../web/portal/types.ts';

type Out<T extends z.ZodMiniType> = z.output<T>;
/** Top-level keys a page reads that the answer never has (optional ones too): must be none. */
type Unknown<Web, Api> = Exclude<keyof Web, Api extends unknown ? keyof Api : never>;

describe('the web pages read only what the API answers', () => {
  it('C12.1 the portal: overview, servers, changes, choices, backups, notices, history, feed, report', () => {
    expectTypeOf<Out<typeof P.CustomerOverview>>().toExtend<Portal.Overview>();
    expectTypeOf<Unknown<Portal.Overview, Out<typeof P.CustomerOverview>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.Server>>().toExtend<Portal.Server>();
    expectTypeOf<Unknown<Portal.Server, Out<typeof S.Server>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.ChangeView>>().toExtend<Portal.ChangeView>();
    expectTypeOf<Unknown<Portal.ChangeView, Out<typeof S.ChangeView>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.ChangeDetail>>().toExtend<Portal.ChangeDetail>();
    expectTypeOf<Unknown<Portal.ChangeDetail, Out<typeof S.ChangeDetail>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof P.PostponementChoices>>().toExtend<Portal.Choices>();
    expectTypeOf<Unknown<Portal.Choices, Out<typeof P.PostponementChoices>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.PostponementResult>>().toExtend<Portal.PostponementResult>();
    expectTypeOf<
      Unknown<Portal.PostponementResult, Out<typeof S.PostponementResult>>
    >().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.BackupView>>().toExtend<Portal.Backup>();
    expectTypeOf<Unknown<Portal.Backup, Out<typeof S.BackupView>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.NoticeView>>().toExtend<Portal.NoticeView>();
    expectTypeOf<Unknown<Portal.NoticeView, Out<typeof S.NoticeView>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof P.NoticeAsSent>>().toExtend<Portal.NoticeAsSent>();
    expectTypeOf<Unknown<Portal.NoticeAsSent, Out<typeof P.NoticeAsSent>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof P.HistoryPage>['events'][number]>().toExtend<Portal.HistoryEvent>();
    expectTypeOf<
      Unknown<Portal.HistoryEvent, Out<typeof P.HistoryPage>['events'][number]>
    >().toEqualTypeOf<never>();
    // One page type for both answers: the status, and the feed just created (its URLs shown once).
    expectTypeOf<Out<typeof P.FeedStatus>>().toExtend<Portal.FeedStatus>();
    expectTypeOf<Out<typeof P.FeedCreated>>().toExtend<Portal.FeedStatus>();
    expectTypeOf<
      Unknown<Portal.FeedStatus, Out<typeof P.FeedStatus> | Out<typeof P.FeedCreated>>
    >().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.ComplianceReport>>().toExtend<Portal.Report>();
    expectTypeOf<Unknown<Portal.Report, Out<typeof S.ComplianceReport>>>().toEqualTypeOf<never>();
  });

  it('C4.4 the console: fleet, reviews, release preview', () => {
    expectTypeOf<Out<typeof P.FleetGlance>>().toExtend<Console.Fleet>();
    expectTypeOf<Unknown<Console.Fleet, Out<typeof P.FleetGlance>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof S.PostponementRequest>>().toExtend<Console.Review>();
    expectTypeOf<Unknown<Console.Review, Out<typeof S.PostponementRequest>>>().toEqualTypeOf<never>();
    expectTypeOf<Out<typeof P.ReleasePreview>>().toExtend<Console.Preview>();
    expectTypeOf<Unknown<Console.Preview, Out<typeof P.ReleasePreview>>>().toEqualTypeOf<never>();
  });
});
