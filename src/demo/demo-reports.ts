import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { AuthRepository } from '../auth/auth.repository';
import { AppModule } from '../app.module';
import type { CurrentUser } from '../auth/auth.types';
import { FixedClock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { ConsolidationsService } from '../consolidation/consolidations.service';
import { fromMilli, toMilli } from '../common/decimal';
import { NO, YES } from '../plans/indicator-rules';
import { PlansRepository } from '../plans/plans.repository';
import { PlansService } from '../plans/plans.service';
import { OutboxRepository } from '../reminders/outbox.repository';
import { PeriodRow as ReportingPeriodRow, PeriodsRepository } from '../reporting/periods.repository';
import { ReconcilerService } from '../scheduling/reconciler.service';
import { importSamplePlans } from './sample-plans';
import { PeriodStatusService } from '../submissions/period-status.service';
import type { ReportView } from '../submissions/report-view';
import { ReportsRepository } from '../submissions/reports.repository';
import { ReportsService } from '../submissions/reports.service';

const DAY = 24 * 3600 * 1000;
const PLAN = 'CB-2026-2030';

/** Plausible Vietnamese wording, picked by a stable index so every run writes the same demo. */
const WORK_DONE = [
  'Đã hoàn thành khảo sát hiện trạng, lập hồ sơ đề xuất chủ trương đầu tư; đang trình thẩm định.',
  'Đã phê duyệt báo cáo nghiên cứu khả thi; đang tổ chức lựa chọn nhà thầu thi công.',
  'Đang thi công các hạng mục nền đường, cống thoát nước; khối lượng đạt theo kế hoạch.',
  'Đã rà soát, cập nhật danh mục dự án; phối hợp Sở Tài chính bố trí vốn năm sau.',
  'Đã tổ chức lấy ý kiến cộng đồng dân cư về đồ án quy hoạch; đang hoàn thiện hồ sơ trình phê duyệt.',
];
const DIFFICULTIES = [
  'Công tác giải phóng mặt bằng còn chậm do một số hộ dân chưa đồng thuận với phương án bồi thường.',
  'Nguồn vốn bố trí trong năm chưa đáp ứng nhu cầu; giá vật liệu xây dựng tăng.',
  'Thủ tục chuyển đổi mục đích sử dụng rừng kéo dài.',
];
const DIFFICULTY_KINDS = ['land_clearance', 'capital', 'procedure'];
const ASSESSMENT = [
  'Đơn vị đã chủ động triển khai các nhiệm vụ được giao; tiến độ cơ bản đáp ứng yêu cầu của Kế hoạch.',
  'Các nhiệm vụ được triển khai đồng bộ; một số dự án chậm do vướng mắc giải phóng mặt bằng.',
  'Đơn vị đã quán triệt, phân công cụ thể; kết quả bước đầu tích cực, cần tiếp tục đôn đốc.',
];

type PeriodRow = Pick<ReportingPeriodRow, 'id' | 'label' | 'opens_at' | 'due_at' | 'consolidation_due_at'>;

export interface DemoResult {
  periods: number;
  submitted: number;
  drafts: number;
  consolidations: number;
}

/**
 * Fills an empty database with a living demo relative to `now`: past periods complete (most
 * agencies on time, some late, one never), accepted and consolidated into a final report; the
 * period whose deadline comes next in progress (submitted, one returned, drafts, not started).
 * It runs the application's own services on a clock it moves through the past, so every row is
 * what real use would have written. Emails of that past are marked sent, not sent again.
 */
export async function seedDemoReports(config: AppConfig, now: Date): Promise<DemoResult | 'redis-down' | null> {
  // The demo writes through services that queue emails and timers: without Redis it waits for
  // another start rather than hold this one up.
  if (!(await redisReachable(config.redisUrl))) return 'redis-down';
  const clock = new FixedClock(now);
  // No periodic reconcile while the clock travels: a timer scheduled then would get a delay
  // measured from the past. The boot pass runs, and is awaited, while the clock still says `now`.
  const ctx = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, role: 'api', calendarReconcileSeconds: 24 * 3600 }, { clock }),
    {
      logger: false,
    },
  );
  try {
    await ctx.get(ReconcilerService).reconcile();
    // The second sample plan first (its periods get their timers at the next reconcile).
    if (await importSamplePlans(ctx)) await ctx.get(ReconcilerService).reconcile();
    if (await ctx.get(ReportsRepository).anyReport()) return null;
    const users = await demoUsers(ctx.get(AuthRepository));
    const coordinator = users.find((u) => u.username === 'coordinator');
    if (!coordinator) return null;
    const play: DemoPlay = {
      clock,
      now,
      reports: ctx.get(ReportsService),
      consolidations: ctx.get(ConsolidationsService),
      status: ctx.get(PeriodStatusService),
      users,
      coordinator,
      shares: await capitalShares(ctx.get(PlansService)),
      result: { periods: 0, submitted: 0, drafts: 0, consolidations: 0 },
    };
    const planId = await ctx.get(PlansRepository).idByCode(PLAN);
    const periods: PeriodRow[] = planId
      ? (await ctx.get(PeriodsRepository).periodsOfPlan(planId)).filter((p) => p.opens_at.getTime() <= now.getTime())
      : [];
    const isPast = (p: PeriodRow) => (p.consolidation_due_at ?? p.due_at).getTime() <= now.getTime();
    const past = periods.filter(isPast);
    const current = periods.find((p) => !isPast(p)) ?? null;
    for (const [k, period] of past.entries()) await playPastPeriod(play, period, k);
    if (current) await playCurrentPeriod(play, current, past.length);
    // What the services queued while the clock was in the past went out back then; today's
    // digest, written at boot before these reports, is written again by the app's reconciler.
    await ctx.get(OutboxRepository).deletePendingDigests();
    await ctx.get(OutboxRepository).markPendingSentAsWritten(now);
    return play.result;
  } finally {
    await ctx.close();
  }
}

/** The demo's cast: the services it plays through, its clock, who acts, and what it has written. */
interface DemoPlay {
  clock: FixedClock;
  now: Date;
  reports: ReportsService;
  consolidations: ConsolidationsService;
  status: PeriodStatusService;
  /** Active reporters and coordinators, by agency code. */
  users: CurrentUser[];
  coordinator: CurrentUser;
  /** What a lead agency is given for a task in one half-year, by task code, in thousandths of a tỷ đồng: see capitalShares. */
  shares: Map<string, bigint>;
  result: DemoResult;
}

/**
 * A lead agency's plausible half-year allocation for each task: the task's five-year need (or its
 * share of the section's, where the task states none) over ten half-years and its lead agencies,
 * so that the province's sums stay within what the plan needs.
 */
async function capitalShares(plans: PlansService): Promise<Map<string, bigint>> {
  const plan = await plans.get(PLAN);
  const tasks = await plans.tasks(PLAN);
  const halfYears = BigInt(2 * (plan.endYear - plan.startYear + 1));
  const unpricedLeads = new Map<string, number>();
  for (const t of tasks)
    if (!t.capital && t.sectionCode) unpricedLeads.set(t.sectionCode, (unpricedLeads.get(t.sectionCode) ?? 0) + t.lead.length);
  const sectionNeed = new Map(plan.sections.map((s) => [s.code, toMilli(s.capital.total)]));
  const out = new Map<string, bigint>();
  for (const t of tasks) {
    if (t.lead.length === 0) continue;
    const need = t.capital
      ? toMilli(t.capital.total) / BigInt(t.lead.length)
      : t.sectionCode
        ? (sectionNeed.get(t.sectionCode) ?? 0n) / BigInt(Math.max(1, unpricedLeads.get(t.sectionCode) ?? 1))
        : 0n;
    const share = need / halfYears;
    if (share > 0n) out.set(t.code, share);
  }
  return out;
}

/** The active reporters and coordinators, as the services see a signed-in user. */
async function demoUsers(accounts: AuthRepository): Promise<CurrentUser[]> {
  const rows = await accounts.activeAccountsWithRoles(['reporter', 'coordinator']);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    agencyId: u.agency_id,
    agencyCode: u.agency_code,
    sessionId: 'demo-seed',
  }));
}

/** A past period, complete: every owing agency but one reported (most on time), accepted, consolidated and finalised. */
async function playPastPeriod(play: DemoPlay, period: PeriodRow, k: number): Promise<void> {
  const { clock, reports, consolidations, coordinator, result } = play;
  const owing = await owingReporters(play.status, period.id, play.users);
  const never = owing[owing.length - 1]?.agencyCode;
  for (const [i, user] of owing.entries()) {
    if (user.agencyCode === never) continue; // one agency never reported
    const late = i % 9 === 4;
    clock.set(new Date(period.due_at.getTime() + (late ? (1 + (i % 3)) * DAY : -(2 + (i % 6)) * DAY)));
    await fillAndSubmit(play, period, user, i, k);
    result.submitted++;
    clock.advance(DAY);
    await reports.review((await reports.myReport(period.id, user)).id, coordinator, 'accepted', null);
  }
  const builtAt = period.consolidation_due_at ? period.consolidation_due_at.getTime() - 3 * DAY : period.due_at.getTime() + 7 * DAY;
  clock.set(new Date(Math.min(builtAt, play.now.getTime() - DAY)));
  const built = await consolidations.build(period.id, coordinator);
  await consolidations.update(built.id, coordinator, {
    documentNumber: `${100 + k * 37}/BC-SXD`,
    narrative: {
      assessment:
        'Các sở, ngành và UBND các xã, phường đã triển khai đồng bộ các nhiệm vụ của Kế hoạch; phần lớn cơ quan gửi báo cáo đúng hạn.',
      difficulties: 'Giải phóng mặt bằng, bố trí vốn đối ứng và thủ tục đất rừng là ba vướng mắc lớn nhất.',
      keyTasks: 'Tập trung tháo gỡ vướng mắc giải phóng mặt bằng; đẩy nhanh giải ngân vốn đầu tư công.',
      proposals: 'Đề nghị UBND tỉnh chỉ đạo các địa phương đẩy nhanh giải phóng mặt bằng các dự án trọng điểm.',
    },
  });
  clock.advance(DAY);
  await consolidations.finalize(built.id, coordinator, {});
  result.consolidations++;
  result.periods++;
}

/** The period in progress: the first agencies submitted (one returned, some accepted), the next ones drafting, the rest not started. */
async function playCurrentPeriod(play: DemoPlay, current: PeriodRow, k: number): Promise<void> {
  const { clock, reports, coordinator, result, now } = play;
  const owing = await owingReporters(play.status, current.id, play.users);
  const sinceOpen = Math.max(DAY, now.getTime() - current.opens_at.getTime());
  for (const [i, user] of owing.entries()) {
    const share = i / Math.max(1, owing.length);
    // Before the deadline: submitted a few days ago; after it, some of those came in late.
    clock.set(new Date(Math.min(now.getTime() - DAY, current.opens_at.getTime() + sinceOpen * (0.5 + share / 2))));
    if (share < 0.4) {
      await fillAndSubmit(play, current, user, i, k);
      result.submitted++;
      if (i === 1) {
        clock.advance(3600 * 1000);
        await reports.review(
          (await reports.myReport(current.id, user)).id,
          coordinator,
          'returned',
          'Đề nghị bổ sung số liệu giải ngân vốn và nêu rõ nguyên nhân chậm tiến độ.',
        );
      } else if (i % 3 === 0) {
        clock.advance(3600 * 1000);
        await reports.review((await reports.myReport(current.id, user)).id, coordinator, 'accepted', null);
      }
    } else if (share < 0.6) {
      await fill(play, current, user, i, k);
      result.drafts++;
    }
  }
  result.periods++;
}

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** The reporters of the agencies that owe the period's report, in the order given. */
async function owingReporters(status: PeriodStatusService, periodId: string, users: CurrentUser[]): Promise<CurrentUser[]> {
  const owing = new Set((await status.forPeriod(periodId)).agencies.map((a) => a.agencyCode));
  return users.filter((u) => u.role === 'reporter' && owing.has(u.agencyCode));
}

/** A complete draft: every lead task reported with figures that add up, the summary, the letter. */
async function fill(play: DemoPlay, period: PeriodRow, user: CurrentUser, i: number, k: number): Promise<ReportView> {
  const { reports } = play;
  const draft = await reports.myReport(period.id, user);
  const tasks = draft.tasks.map((t, j) => {
    const n = i + j;
    const percent = Math.min(100, 10 + ((n * 7) % 40) + k * 20);
    const status = percent >= 100 ? 'completed' : n % 5 === 3 ? 'behind_schedule' : 'on_track';
    // Between half and one and a half times the agency's share of the need; 80 % from the state
    // budget; disbursed as far as the work: thousandths of a tỷ đồng, never a float.
    const share = play.shares.get(t.taskCode);
    const allocated = share === undefined ? null : (share * BigInt(50 + ((n * 13) % 100))) / 100n;
    const allocatedState = allocated === null ? null : (allocated * 80n) / 100n;
    const disbursed = allocated === null ? null : (allocated * BigInt(percent)) / 100n;
    const disbursedState = disbursed === null || allocatedState === null ? null : disbursed < allocatedState ? disbursed : allocatedState;
    const money = (x: bigint | null) => (x === null ? null : fromMilli(x));
    const hasDifficulty = status === 'behind_schedule';
    return t.role === 'lead'
      ? {
          taskCode: t.taskCode,
          status,
          percentComplete: percent,
          capitalAllocated: money(allocated),
          capitalAllocatedStateBudget: money(allocatedState),
          capitalDisbursed: money(disbursed),
          capitalDisbursedStateBudget: money(disbursedState),
          workDone: WORK_DONE[n % WORK_DONE.length],
          difficulties: hasDifficulty ? DIFFICULTIES[n % DIFFICULTIES.length] : null,
          difficultyKind: hasDifficulty ? DIFFICULTY_KINDS[n % DIFFICULTY_KINDS.length] : null,
          resolvingLevel: hasDifficulty ? 'province' : null,
          proposals: hasDifficulty ? 'Đề nghị UBND tỉnh chỉ đạo các sở, ngành phối hợp tháo gỡ.' : null,
          nextSteps: 'Tiếp tục triển khai theo kế hoạch; đôn đốc nhà thầu bảo đảm tiến độ.',
        }
      : { taskCode: t.taskCode, workDone: 'Phối hợp với cơ quan chủ trì cung cấp thông tin, tham gia ý kiến theo đề nghị.' };
  });
  // A yes/no question answered yes by more agencies each period; a department's own figure grows.
  const indicators = draft.indicators.map((v, j) => ({
    indicatorCode: v.indicatorCode,
    value:
      v.aggregation === 'count_yes'
        ? (i * 7 + j * 3) % 10 < 2 + k * 2
          ? YES
          : NO
        : v.unit.trim() === '%'
          ? String(Math.min(100, 40 + ((i + j) % 5) * 5 + k * 6))
          : String(1 + ((i + j) % 5) + k * 2),
  }));
  return reports.save(period.id, user, {
    version: draft.version,
    officialLetter: { number: `${10 + i}/BC-${user.agencyCode}`, date: null },
    summary: {
      assessment: ASSESSMENT[i % ASSESSMENT.length],
      difficulties: i % 4 === 0 ? DIFFICULTIES[i % DIFFICULTIES.length] : null,
      proposals: null,
    },
    tasks,
    indicators,
  });
}

async function fillAndSubmit(play: DemoPlay, period: PeriodRow, user: CurrentUser, i: number, k: number): Promise<void> {
  await fill(play, period, user, i, k);
  await play.reports.submit(period.id, user);
}
