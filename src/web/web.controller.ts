import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, HttpStatus, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { Comparator } from '../plans/indicator-target.entity';
import { formatTarget } from '../plans/indicator-target';
import { PlanAccessService } from '../plans/plan-access.service';
import { PlanIdentityService } from '../plans/plan-identity.service';
import type { AgencyRef, CapitalView } from '../plans/plan-views';
import { PhaseCapitalView, PlansService } from '../plans/plans.service';
import { countdown } from '../reporting/countdown';
import { PeriodView, ReportingService } from '../reporting/reporting.service';
import { TimersService } from '../scheduling/timers.service';
import { AdhocReportsService } from '../submissions/adhoc-reports.service';
import { AnswersJson, PageRoles, PageUser } from './page-access';
import { PageError } from './page-form';
import { PageRenderer } from './page-renderer';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const STATE_LABELS: Record<string, string> = {
  upcoming: 'Chưa đến kỳ',
  open: 'Đang nhận báo cáo',
  due: 'Quá hạn gửi, đang tổng hợp',
  closed: 'Đã kết thúc',
};

const EVENT_LABELS: Record<string, string> = {
  open: 'Mở kỳ báo cáo',
  reminder: 'Nhắc hạn cơ quan, đơn vị',
  deadline: 'Hết hạn gửi báo cáo',
  consolidation_reminder: 'Nhắc hạn tổng hợp',
  consolidation_deadline: 'Hết hạn báo cáo tổng hợp',
};

const TIMER_STATE_LABELS: Record<string, string> = { pending: 'Đang chờ', fired: 'Đã chạy', skipped: 'Bỏ qua' };

/** Server-rendered pages. The plan and its calendar are public; administration needs sign-in. */
@Pages()
@Controller()
export class WebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly plans: PlansService,
    private readonly reporting: ReportingService,
    private readonly timers: TimersService,
    private readonly responder: PageResponder,
    private readonly clock: Clock,
    private readonly access: PlanAccessService,
    private readonly identities: PlanIdentityService,
    private readonly adhoc: AdhocReportsService,
  ) {}

  /** The plans: every plan for a visitor who is not signed in, the user's own plans otherwise. */
  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.user(req);
    // An agency's clerk and head land on their own reports: the open ones first, with their countdown.
    if (user && (user.role === 'reporter' || user.role === 'head')) return res.redirect(303, '/my');
    const [plans, scope] = await Promise.all([this.plans.list(), this.access.scopeOf(user)]);
    const mine = plans.filter((p) => scope.hasCode(p.code));
    // A leader lands on the dashboard of their plan; with several, each plan links to its own.
    if (user?.role === 'leader' && mine.length === 1) return res.redirect(303, `/plans/${encodeURIComponent(mine[0].code)}/dashboard`);
    const dashboards = user?.role === 'leader' || user?.role === 'coordinator' || user?.role === 'administrator';
    await this.send(req, res, 'plans', { title: 'Kế hoạch', plans: mine, dashboards }, user);
  }

  @Get('plans/:code')
  async plan(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const plan = await this.findPlan(code);
    const user = await this.responder.user(req);
    const [tasks, periods, indicators, adhoc] = await Promise.all([
      this.plans.tasks(code),
      this.reporting.periods(plan.id),
      this.plans.indicators(code),
      this.adhocCount(plan, user),
    ]);
    // A section without any need (Cao Bằng's section IV duties) has no row in the text's capital table.
    const statesCapital = (c: { total: string }) => c.total !== '0';
    // The table keeps one decimal throughout where the plan's figures have one ("10.276,0", "0,0").
    const tables: { capital: CapitalView; capitalByPhase: PhaseCapitalView[] }[] = [plan, ...plan.sections];
    const figures = tables.flatMap((x) => [
      x.capital.total,
      x.capital.stateBudget,
      x.capital.nonStateBudget,
      ...x.capitalByPhase.flatMap((p) => [p.total, p.stateBudget, p.nonStateBudget]),
    ]);
    const capitalDecimals = figures.some((v) => v !== null && v.includes('.')) ? 1 : 0;
    const sections = plan.sections.map((s) => ({
      ...s,
      statesCapital: statesCapital(s.capital),
      tasks: tasks.filter((t) => t.sectionCode === s.code).map((t) => ({ ...t, leadText: leadText(t.lead) })),
    }));
    const identity = await this.identities.forPlan(plan.id);
    // The capital table's column per phase: each section's need in it, blank where its sheet states none.
    const phaseTotals = (s: (typeof plan.sections)[number]) =>
      plan.capitalByPhase.map((p) => s.capitalByPhase.find((x) => x.phase === p.phase)?.total ?? null);
    await this.send(
      req,
      res,
      'plan',
      {
        title: plan.title,
        // The plan's page speaks for the plan's own coordinating body, not the deployment.
        ...(identity ? { organization: identity.senderName } : {}),
        plan: {
          ...plan,
          statesCapital: statesCapital(plan.capital),
          sections: plan.sections.map((s) => ({ ...s, phaseTotals: phaseTotals(s), statesCapital: statesCapital(s.capital) })),
        },
        identity,
        adhoc,
        sections,
        capitalDecimals,
        periods: this.withCountdowns(periods),
        indicators: indicators.map((i) => ({
          ...i,
          targets: i.targets.map((t) => ({ ...t, text: formatTarget({ ...t, comparator: t.comparator as Comparator }, i.unit) })),
        })),
      },
      user,
    );
  }

  /**
   * What the plan page's ad hoc report link counts: for the plan's coordinator the reports received,
   * for an agency of the plan those it has sent; null for anyone else (the link, if any, shows no count).
   */
  private async adhocCount(plan: { id: string; code: string }, user: CurrentUser | null): Promise<{ count: number } | null> {
    if (!user || !(await this.access.scopeOf(user)).hasCode(plan.code)) return null;
    if (user.role === 'coordinator') return { count: await this.adhoc.received(plan.id) };
    if (user.role === 'reporter' || user.role === 'head') return { count: await this.adhoc.sentTo(plan.id, user.agencyId) };
    return null;
  }

  /**
   * Upcoming deadlines with countdowns: what a coordinator checks each morning. Every plan's for a
   * visitor who is not signed in; a signed-in user's plans, and for an agency the periods it owes.
   */
  @Get('calendar')
  async calendar(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.user(req);
    const [plans, scope] = await Promise.all([this.plans.list(), this.access.scopeOf(user)]);
    const groups = [];
    for (const p of plans.filter((x) => scope.hasCode(x.code))) {
      const plan = await this.plans.get(p.code);
      const owed = user ? await this.access.owedPeriodIds(user, plan.id) : null;
      const periods = (await this.reporting.periods(plan.id)).filter(
        (x) => stillOnCalendar(x, this.clock.now()) && (!owed || owed.has(x.id)),
      );
      groups.push({ plan: p, identity: await this.identities.forPlan(plan.id), periods: this.withCountdowns(periods).slice(0, 6) });
    }
    await this.send(req, res, 'calendar', { title: 'Lịch báo cáo', groups }, user);
  }

  @Get('admin/timers')
  @PageRoles(['administrator'])
  async timersPage(
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
    @Query('state') state?: string,
  ): Promise<void> {
    const filter = state && ['pending', 'fired', 'skipped'].includes(state) ? state : undefined;
    const timers = (await this.timers.list({ state: filter, limit: 1000 })).map((t) => ({
      ...t,
      eventLabel: EVENT_LABELS[t.event] ?? t.event,
      stateLabel: TIMER_STATE_LABELS[t.state] ?? t.state,
      lateText: lateText(t.latenessMs),
    }));
    await this.send(req, res, 'timers', { title: 'Bộ hẹn giờ của lịch báo cáo', timers, state: filter }, user);
  }

  /** A stylesheet or script of the pages; a missing one is answered as the API answers (JSON 404). */
  @Get('assets/:name')
  @AnswersJson()
  asset(@Param('name') name: string, @Res() res: Response): void {
    const body = this.pages.asset(name);
    if (body === null) throw AppError.notFound('Không tìm thấy tệp.');
    res.type(name.endsWith('.css') ? 'text/css' : 'application/javascript').setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  }

  /** A browser library the pages use, from node_modules: only the files named in VENDOR_SCRIPTS, never a path. */
  @Get('assets/vendor/:name')
  @AnswersJson()
  vendor(@Param('name') name: string, @Res() res: Response): void {
    const body = vendorScript(name);
    if (body === null) throw AppError.notFound('Không tìm thấy tệp.');
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(body);
  }

  private withCountdowns(periods: PeriodView[]) {
    const now = this.clock.now();
    return periods.map((p) => {
      const target = p.state === 'open' ? p.dueAt : p.state === 'due' ? p.consolidationDueAt : null;
      const c = target ? countdown(new Date(target), now) : null;
      return {
        ...p,
        stateLabel: STATE_LABELS[p.state],
        countdown: c,
        countdownOf: p.state === 'due' ? 'Báo cáo UBND tỉnh' : 'Cơ quan gửi báo cáo',
      };
    });
  }

  /** The plan, or the error page "Không tìm thấy kế hoạch" (404). */
  private async findPlan(code: string) {
    try {
      return await this.plans.get(code);
    } catch (error) {
      if (error instanceof AppError && error.status === HttpStatus.NOT_FOUND) throw new PageError('Không tìm thấy kế hoạch', error);
      throw error;
    }
  }

  private send(
    req: Request,
    res: Response,
    page: string,
    data: Record<string, unknown> & { title: string },
    user?: CurrentUser | null,
    status = 200,
  ): Promise<void> {
    return this.responder.send(req, res, page, data, user, status);
  }
}

/** The browser libraries served under /assets/vendor/: file name → its path in node_modules. */
const VENDOR_SCRIPTS: Record<string, () => string> = {
  // Chart.js's UMD build (the dashboard's charts); its package exports only the module entry points.
  'chart.umd.min.js': () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};
const vendorCache = new Map<string, string>();

/** A vendor script's text (read once, without its source-map comment), or null when it is not one of ours. */
function vendorScript(name: string): string | null {
  if (!Object.hasOwn(VENDOR_SCRIPTS, name)) return null;
  let body = vendorCache.get(name);
  if (body === undefined) {
    body = readFileSync(VENDOR_SCRIPTS[name](), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    vendorCache.set(name, body);
  }
  return body;
}

/** The calendar page lists periods until consolidation, or 30 days past a one-off deadline. */
function stillOnCalendar(p: PeriodView, now: Date): boolean {
  if (p.state === 'closed') return false;
  const end = p.consolidationDueAt ? new Date(p.consolidationDueAt) : new Date(new Date(p.dueAt).getTime() + 30 * 86_400_000);
  return now < end;
}

/** "trễ 3 ngày", "trễ 2 giờ", "trễ 5 phút"; nothing under a minute. */
function lateText(ms: number | null): string | null {
  if (ms === null || ms < 60_000) return null;
  if (ms >= 86_400_000) return `trễ ${Math.floor(ms / 86_400_000)} ngày`;
  if (ms >= 3_600_000) return `trễ ${Math.floor(ms / 3_600_000)} giờ`;
  return `trễ ${Math.floor(ms / 60_000)} phút`;
}

/** "UBND 53 xã" reads better than 53 names when every commune leads its own part. */
function leadText(lead: AgencyRef[]): string {
  const communes = lead.filter((a) => a.kind === 'commune');
  const wards = lead.filter((a) => a.kind === 'ward');
  const parts = lead.filter((a) => a.kind !== 'commune' && a.kind !== 'ward').map((a) => a.shortName);
  if (communes.length + wards.length > 5) {
    const counted = [communes.length ? `${communes.length} xã` : '', wards.length ? `${wards.length} phường` : '']
      .filter(Boolean)
      .join(', ');
    parts.push(`UBND ${counted} (mỗi địa phương chủ trì phần việc của mình)`);
  } else parts.push(...[...wards, ...communes].map((a) => `UBND ${a.kind === 'ward' ? 'phường' : 'xã'} ${a.shortName}`));
  return parts.join('; ');
}
