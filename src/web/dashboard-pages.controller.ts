import { Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { formatViDecimal } from '../common/decimal';
import { AppError } from '../common/errors';
import { ConsolidationsService } from '../consolidation/consolidations.service';
import { percentOf, PeriodHighlights } from '../consolidation/rollup';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlansService } from '../plans/plans.service';
import { PeriodView, ReportingService } from '../reporting/reporting.service';
import { PeriodStatus, PeriodStatusService } from '../submissions/period-status.service';
import { TASK_STATUS_LABELS, TaskStatus } from '../submissions/report.constants';
import { ErrorPageTitle, PageRoles, PageUser } from './page-access';
import { PageError } from './page-form';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const READERS = 'Bảng theo dõi dành cho lãnh đạo, cán bộ tổng hợp của kế hoạch và quản trị hệ thống.';

/** The task statuses in the order the chart and its table list them. */
const STATUS_ORDER: TaskStatus[] = ['on_track', 'behind_schedule', 'completed', 'not_started', 'suspended'];
const STATUS_SHORT: Record<TaskStatus, string> = { ...TASK_STATUS_LABELS, on_track: 'Đúng tiến độ' };

const STATE_LABELS: Record<string, string> = {
  upcoming: 'chưa đến kỳ',
  open: 'đang nhận báo cáo',
  due: 'quá hạn gửi, đang tổng hợp',
  closed: 'đã kết thúc',
};

/** "86.9" → "86,9%"; "—" when there is nothing to divide by. */
const percentText = (percent: string | null): string => (percent === null ? '—' : `${percent.replace('.', ',')}%`);

/**
 * The leader's home: a plan's dashboard for one period (KPI tiles and three charts, each with its
 * figures as a table). The counts are the status page's (PeriodStatusService); capital and task
 * statuses come from the roll-up's own reads over the reports as they stand.
 */
@Pages()
@ErrorPageTitle('Không thực hiện được')
@Controller()
export class DashboardPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly plans: PlansService,
    private readonly reporting: ReportingService,
    private readonly status: PeriodStatusService,
    private readonly consolidations: ConsolidationsService,
  ) {}

  @Get('plans/:code/dashboard')
  @PageRoles(['leader', 'coordinator', 'administrator'], READERS)
  @PlanScoped('plan')
  async dashboard(
    @Param('code') code: string,
    @Query('period') asked: string | undefined,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const plan = await this.findPlan(code);
    const periods = await this.reporting.periods(plan.id);
    const period = typeof asked === 'string' && asked !== '' ? periods.find((p) => p.id === asked) : currentPeriod(periods);
    if (asked && !period)
      throw new PageError('Không tìm thấy kỳ báo cáo', AppError.notFound('Không tìm thấy kỳ báo cáo của kế hoạch này.'));
    const title = `Bảng theo dõi – ${plan.code}`;
    if (!period) return this.responder.send(req, res, 'dashboard', { title, plan, period: null }, user);

    // The plan's periods opened so far (and the one asked, if it is still to come), by deadline.
    const shown = periods.filter((p) => p.state !== 'upcoming' || p.id === period.id);
    const [statuses, highlights] = await Promise.all([
      Promise.all(shown.map((p) => this.status.forPeriod(p.id))),
      this.consolidations.highlights(period.id),
    ]);
    const status = statuses[shown.indexOf(period)];
    await this.responder.send(
      req,
      res,
      'dashboard',
      {
        title,
        plan,
        period: { ...period, stateLabel: STATE_LABELS[period.state] },
        choices: shown.map((p) => ({ id: p.id, label: p.label, selected: p.id === period.id })),
        tiles: tiles(status, highlights),
        receipt: receiptChart(shown, statuses, period.id),
        capital: capitalChart(highlights, period.label),
        tasks: taskChart(highlights, period.label),
      },
      user,
    );
  }

  /** The plan's id, code and title, or the error page "Không tìm thấy kế hoạch" (404). */
  private async findPlan(code: string): Promise<{ id: string; code: string; title: string }> {
    try {
      const id = await this.plans.requireId(code);
      const summary = (await this.plans.list()).find((p) => p.code === code)!;
      return { id, code: summary.code, title: summary.title };
    } catch (error) {
      if (error instanceof AppError && error.status === HttpStatus.NOT_FOUND) throw new PageError('Không tìm thấy kế hoạch', error);
      throw error;
    }
  }
}

/**
 * The period a leader looks at first: among those open or past their deadline and being
 * consolidated, the one whose next deadline (the agencies', else the consolidated report's) comes
 * first; else the latest one opened (closed, or a one-off past its deadline with no consolidation
 * deadline); else the first still to come.
 */
export function currentPeriod(periods: PeriodView[]): PeriodView | undefined {
  const next = (p: PeriodView) => (p.state === 'open' ? p.dueAt : p.state === 'due' ? p.consolidationDueAt : null);
  const active = periods.filter((p) => next(p) !== null);
  if (active.length) return active.reduce((a, b) => (Date.parse(next(b)!) < Date.parse(next(a)!) ? b : a));
  const opened = periods.filter((p) => p.state !== 'upcoming');
  if (opened.length) return opened.reduce((a, b) => (Date.parse(b.dueAt) > Date.parse(a.dueAt) ? b : a));
  return periods[0];
}

/** The KPI tiles: reports received, on time, capital disbursed, tasks behind, agencies missing or late. */
function tiles(status: PeriodStatus, h: PeriodHighlights) {
  const s = status.summary;
  const capital = h.capital;
  return {
    received: { submitted: s.submitted, expected: s.expected, accepted: s.accepted, returned: s.returned },
    onTime: { count: s.onTime, of: s.submitted, text: percentText(percentOf(String(s.onTime), String(s.submitted))) },
    disbursement: {
      text: percentText(capital.disbursementRate),
      disbursed: formatViDecimal(capital.disbursed.total),
      allocated: formatViDecimal(capital.allocated.total),
    },
    behind: { entries: h.leadStatus.behind_schedule, tasks: h.tasksBehind },
    agencies: { missing: s.missing, late: s.late },
  };
}

/** Chart 1: on time, late and missing reports in each period of the plan so far. */
function receiptChart(periods: PeriodView[], statuses: PeriodStatus[], currentId: string) {
  const rows = periods.map((p, i) => {
    const s = statuses[i].summary;
    return {
      id: p.id,
      label: p.label,
      onTime: s.onTime,
      late: s.late,
      missing: s.missing,
      expected: s.expected,
      current: p.id === currentId,
    };
  });
  const parts = rows.map((r) => `${r.label}: ${r.onTime} đúng hạn, ${r.late} muộn, ${r.missing} chưa gửi trên ${r.expected}`);
  return {
    rows,
    summary: `Biểu đồ cột chồng, số báo cáo theo kỳ. ${parts.join('; ')}.`,
  };
}

/** Chart 2: capital allocated and disbursed in the period, by section (tỷ đồng). */
function capitalChart(h: PeriodHighlights, periodLabel: string) {
  const rows = h.capital.sections.map((s) => ({
    code: s.code,
    title: s.title,
    allocated: s.allocated.total,
    disbursed: s.disbursed.total,
    allocatedText: formatViDecimal(s.allocated.total),
    disbursedText: formatViDecimal(s.disbursed.total),
    rate: percentText(s.disbursementRate),
  }));
  const total = {
    allocatedText: formatViDecimal(h.capital.allocated.total),
    disbursedText: formatViDecimal(h.capital.disbursed.total),
    rate: percentText(h.capital.disbursementRate),
  };
  const parts = rows.map((r) => `${r.title}: giao ${r.allocatedText}, giải ngân ${r.disbursedText} (${r.rate})`);
  return {
    rows,
    total,
    summary: `Biểu đồ cột, vốn giao và vốn đã giải ngân trong ${periodLabel} theo lĩnh vực, tỷ đồng. ${parts.join('; ')}.`,
  };
}

/** Chart 3: the lead entries of the received reports by status. */
function taskChart(h: PeriodHighlights, periodLabel: string) {
  const rows = STATUS_ORDER.map((key) => ({ key, label: STATUS_SHORT[key], count: h.leadStatus[key] }));
  const total = rows.reduce((n, r) => n + r.count, 0);
  const parts = rows.map((r) => `${r.label} ${r.count}`);
  return {
    rows,
    total,
    summary: `Biểu đồ tròn, ${total} nhiệm vụ do đơn vị chủ trì báo cáo trong ${periodLabel} theo tình trạng: ${parts.join(', ')}.`,
  };
}
