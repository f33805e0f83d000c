import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res, UploadedFile } from '@nestjs/common';
import { sendDownload } from '../common/download';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { formatViDecimal } from '../common/decimal';
import { countdown } from '../reporting/countdown';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppError } from '../common/errors';
import { NO, YES } from '../plans/indicator-rules';
import { errorLinks, formProgress } from './report-form-guide';
import { formatTarget } from '../plans/indicator-target';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlanAccessService } from '../plans/plan-access.service';
import { PlanIdentityService } from '../plans/plan-identity.service';
import { PlansRepository } from '../plans/plans.repository';
import { AdhocReportsService } from '../submissions/adhoc-reports.service';
import { PeriodStatusService } from '../submissions/period-status.service';
import { PlausibilityService } from '../submissions/plausibility.service';
import {
  DIFFICULTY_KIND_LABELS,
  DIFFICULTY_KINDS,
  RESOLVING_LEVEL_LABELS,
  RESOLVING_LEVELS,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
} from '../submissions/report.constants';
import type { ReportView } from '../submissions/report-view';
import { ReportReceipts } from '../submissions/report-receipt';
import { ReportsService } from '../submissions/reports.service';
import { ReportingService } from '../reporting/reporting.service';
import { PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormBody, FormPage, PageForm, shownOnForm } from './page-form';
import { ReviewForm } from './page-forms';
import { PageResponder } from './page-responder';
import { Pages } from './pages';
import { formToSaveDto } from './report-form';

const STATE_LABELS: Record<string, string> = {
  draft: 'Đang soạn',
  submitted: 'Đã gửi, chờ xem xét',
  returned: 'Bị trả lại, cần gửi lại',
  accepted: 'Đã tiếp nhận',
  missing: 'Chưa gửi',
};
/** A history line's action as the review page says it. */
const HISTORY_ACTION_LABELS: Record<string, string> = {
  submitted: 'Gửi báo cáo',
  returned: 'Trả lại đơn vị',
  accepted: 'Tiếp nhận',
  reopened: 'Mở lại để sửa',
};
const MONEY_FIELDS = ['capitalAllocated', 'capitalAllocatedStateBudget', 'capitalDisbursed', 'capitalDisbursedStateBudget'];
/** Who may open and post an agency's report form; any other signed-in role is refused with it (403). */
const AGENCY_FORM_ONLY = 'Chỉ cán bộ của cơ quan, đơn vị mới lập báo cáo.';
const REPORT_READERS = 'Trang này dành cho cán bộ tổng hợp, lãnh đạo theo dõi kế hoạch và đơn vị gửi báo cáo.';
/** The page's multipart cap: the largest ATTACHMENT_MAX_BYTES allows; the configured limit is checked after. */
const PAGE_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/** The rows of a list field of the form as qs parses it (an array, or an object once indices pass its limit). */
function formRows(value: unknown): FormBody[] {
  if (!value || typeof value !== 'object') return [];
  return Object.values(value).map((v: unknown) => (typeof v === 'object' && v !== null ? (v as FormBody) : {}));
}

/** The agency's report form and home, and the coordinator's list and review screens. */
@Pages()
@Controller()
export class ReportPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly reports: ReportsService,
    private readonly status: PeriodStatusService,
    private readonly reporting: ReportingService,
    private readonly plans: PlansRepository,
    private readonly access: PlanAccessService,
    private readonly identities: PlanIdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly plausibility: PlausibilityService,
    private readonly clock: Clock,
    private readonly receipts: ReportReceipts,
    private readonly adhoc: AdhocReportsService,
  ) {}

  /** Who receives an agency's report of the period: the plan's coordinating body ("Sở Xây dựng"). */
  private async receiverName(periodId: string): Promise<string> {
    const planId = await this.reporting.planIdOf(periodId);
    const identity = planId ? await this.identities.forPlan(planId) : null;
    return identity?.issuerName ?? 'cơ quan tổng hợp';
  }

  /** An agency's home: the periods it owes, their deadlines and where its report stands. */
  @Get('my')
  @PageRoles(['reporter', 'head'], 'Trang này dành cho cán bộ của cơ quan, đơn vị.')
  async home(@PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [plans, scope, adhocSent] = await Promise.all([
      this.plans.planRefs(),
      this.access.scope(user),
      this.adhoc.sentByPlan(user.agencyId),
    ]);
    const reports = await this.reports.reportStatesByPeriod(user.agencyId);
    const groups = [];
    const sent = (id: string) => ['submitted', 'accepted'].includes(reports.get(id) ?? '');
    for (const plan of plans.filter((p) => scope.hasId(p.id))) {
      const owed = await this.access.owedPeriodIds(user, plan.id);
      // A document the agency has sent stays on its page as received, even once the period is closed.
      const periods = (await this.reporting.periods(plan.id)).filter(
        (p) => (p.state === 'open' || p.state === 'due' || (p.form === 'document' && sent(p.id))) && (!owed || owed.has(p.id)),
      );
      if (!periods.length) continue;
      const now = this.clock.now();
      const shown = periods.map((p) => {
        const received = p.form === 'document' && sent(p.id);
        return {
          ...p,
          received,
          // What is still to send comes first, the nearest deadline first, with its countdown.
          toSend: !sent(p.id),
          countdown: countdown(new Date(p.dueAt), now).text,
          overdue: p.state === 'due' && !sent(p.id) && reports.get(p.id) !== 'returned',
          reportState: received ? 'Đã gửi' : STATE_LABELS[reports.get(p.id) ?? 'missing'],
        };
      });
      shown.sort((a, b) => Number(b.toSend) - Number(a.toSend) || a.dueAt.localeCompare(b.dueAt));
      groups.push({ plan, adhocSent: adhocSent.get(plan.id) ?? 0, periods: shown.map((p, i) => ({ ...p, next: i === 0 && p.toSend })) });
    }
    await this.responder.send(req, res, 'my', { title: 'Báo cáo của đơn vị', groups }, user);
  }

  @Get('periods/:id/report')
  @PageRoles(['reporter', 'head'], AGENCY_FORM_ONLY)
  @PlanScoped('period')
  async form(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const report = await this.reports.myReport(id, user);
    await this.renderForm(req, res, user, report, null, {}, null);
  }

  /**
   * Saves (and with action=submit, sends) the form; an autosave asks for JSON. A visitor who is not
   * signed in is sent to sign in; a signed-in user of another role is refused (403), as the API refuses.
   */
  @Post('periods/:id/report')
  @PageRoles(['reporter', 'head'], AGENCY_FORM_ONLY)
  @PlanScoped('period')
  @CsrfProtected('Biểu mẫu đã hết hạn. Nội dung bạn nhập vẫn còn dưới đây: hãy bấm lưu lại.')
  @FormPage<ReportPagesController>(async (c, req, res, r) => {
    const report = await c.reports.peekReport(r.params.id, r.user!);
    await c.renderForm(req, res, r.user!, report, r.message, {}, r.body, r.status);
  })
  async post(
    @Param('id') id: string,
    @Body() body: FormBody,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const autosave = req.get('x-autosave') === '1';
    let saved: ReportView | null = null;
    try {
      const dto = await formToSaveDto(body);
      const answer = (saved = await this.reports.save(id, user, dto));
      let report: ReportView = answer;
      if (autosave) return void res.json({ version: report.version, warnings: answer.warnings });
      if (body.action === 'submit') report = await this.reports.submit(id, user);
      const notice = body.action === 'submit' ? `Đã gửi báo cáo tới ${await this.receiverName(id)}.` : 'Đã lưu bản nháp.';
      return this.renderForm(req, res, user, report, null, {}, null, 200, notice);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (autosave) return void res.status(error.status).json({ code: error.code, message: error.message, errors: error.errors });
      const errors = Object.fromEntries(error.errors.map((e) => [e.path, e.message]));
      const report = saved ?? (await this.reports.peekReport(id, user).catch(() => null));
      if (!report) throw error;
      // What the user typed is shown back, never lost. The version stays the one they had,
      // unless their save went through and only sending was refused.
      return this.renderForm(
        req,
        res,
        user,
        report,
        error.message,
        errors,
        saved ? { ...body, version: saved.version } : body,
        error.status,
      );
    }
  }

  /** Attaches a file (the signed letter of a document report) from the report page, then shows the form again. */
  @Post('periods/:id/report/attachments')
  @PageRoles(['reporter', 'head'], AGENCY_FORM_ONLY)
  @PlanScoped('period')
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy tải lại trang rồi chọn tệp lại.', {
    upload: { field: 'file', options: { limits: { fileSize: PAGE_UPLOAD_MAX_BYTES, files: 1, fields: 10 } } },
  })
  @FormPage<ReportPagesController>(async (c, req, res, r) => {
    const report = await c.reports.peekReport(r.params.id, r.user!);
    await c.renderForm(req, res, r.user!, report, r.message, {}, null, r.status);
  })
  async attach(
    @Param('id') id: string,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<void> {
    try {
      if (file && file.size > this.config.attachmentMaxBytes) {
        const mb = Math.floor(this.config.attachmentMaxBytes / (1024 * 1024));
        throw new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', `Tệp quá lớn: tối đa ${mb} MB.`, [
          { path: 'attachments', message: `Tệp quá lớn: tối đa ${mb} MB.` },
        ]);
      }
      const added = await this.reports.addAttachment(id, user, file);
      const report = await this.reports.myReport(id, user);
      return this.renderForm(req, res, user, report, null, {}, null, 200, `Đã đính kèm tệp "${added.name}".`);
    } catch (error) {
      if (!shownOnForm(error)) throw error;
      const report = await this.reports.peekReport(id, user);
      const message = error.errors[0]?.message ?? error.message;
      return this.renderForm(req, res, user, report, message, { attachments: message }, null, error.status);
    }
  }

  @Get('periods/:id/reports')
  @PageRoles(['coordinator', 'leader'], 'Trang này dành cho cán bộ tổng hợp và lãnh đạo theo dõi kế hoạch.')
  @PlanScoped('period')
  async received(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [period, status] = await Promise.all([this.reporting.period(id), this.status.status(id)]);
    const agencies = status.agencies.map((a) => ({ ...a, stateLabel: STATE_LABELS[a.state], late: a.onTime === false }));
    await this.responder.send(
      req,
      res,
      'received',
      { title: `Tình hình nhận báo cáo – ${period.label}`, period, summary: status.summary, agencies },
      user,
    );
  }

  /** An attachment for a signed-in page user (the API route takes Bearer tokens only): always a download. */
  @Get('reports/:id/attachments/:attachmentId')
  @PageRoles(['coordinator', 'leader', 'reporter', 'head'], REPORT_READERS)
  @PlanScoped('report')
  async attachment(
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @PageUser() user: CurrentUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.attachment(id, attachmentId, user);
    sendDownload(res, file.bytes, file.mediaType, file.name, 'attachment');
  }

  @Get('reports/:id')
  @PageRoles(['coordinator', 'leader', 'reporter', 'head'], REPORT_READERS)
  @PlanScoped('report')
  async review(
    @Param('id') id: string,
    @Query('decided') decided: unknown,
    @Query('of') of: unknown,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderReview(req, res, user, id, await this.decidedNotice(user, decided, of));
  }

  /**
   * After accepting or returning a report the coordinator lands on the next one waiting: what was
   * decided, for whom, and how many wait. Nothing when the query names no decision it can read.
   */
  private async decidedNotice(user: CurrentUser, decided: unknown, of: unknown): Promise<string | null> {
    if ((decided !== 'accepted' && decided !== 'returned') || typeof of !== 'string' || user.role !== 'coordinator') return null;
    const previous = await this.reports.get(of, user).catch(() => null);
    if (!previous) return null;
    const { waiting } = await this.reports.nextToReview(of, user);
    const done = decided === 'accepted' ? 'Đã tiếp nhận' : 'Đã trả lại';
    return `${done} báo cáo của ${previous.agencyName}. Báo cáo tiếp theo chờ xem xét (còn ${waiting} báo cáo chờ, kể cả báo cáo này).`;
  }

  @Post('reports/:id/review')
  @PageRoles(['coordinator'], 'Chỉ cán bộ tổng hợp của kế hoạch mới trả lại hoặc tiếp nhận báo cáo.')
  @PlanScoped('report')
  @CsrfProtected('Biểu mẫu đã hết hạn, vui lòng tải lại trang.')
  @FormPage<ReportPagesController>((c, req, res, r) => c.renderReview(req, res, r.user!, r.params.id, null, r.message, r.status))
  async decide(
    @Param('id') id: string,
    @PageForm() form: ReviewForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const decided = form.action === 'return' ? 'returned' : 'accepted';
      if (decided === 'returned') await this.reports.review(id, user, 'returned', form.comment);
      else await this.reports.review(id, user, 'accepted', null);
      const next = await this.reports.nextToReview(id, user);
      if (next.id) return res.redirect(303, `/reports/${next.id}?decided=${decided}&of=${id}`);
      const done = decided === 'returned' ? 'Đã trả lại báo cáo cho đơn vị.' : 'Đã tiếp nhận báo cáo.';
      await this.renderReview(req, res, user, id, `${done} Không còn báo cáo nào chờ xem xét trong kỳ này.`);
    } catch (error) {
      if (shownOnForm(error, { notFound: false })) {
        return this.renderReview(req, res, user, id, null, error.errors[0]?.message ?? error.message, error.status);
      }
      throw error;
    }
  }

  private async renderReview(
    req: Request,
    res: Response,
    user: CurrentUser,
    id: string,
    notice: string | null,
    error: string | null = null,
    status = 200,
  ): Promise<void> {
    const report = await this.reports.get(id, user);
    const changes = report.revisions.length >= 2 ? await this.reports.revisionChanges(id, report.revisions.length, user) : [];
    const leads = report.tasks.filter((t) => t.role === 'lead');
    // What the coordinator weighs before deciding, above the content.
    const facts = {
      lead: leads.length,
      behind: leads.filter((t) => t.status === 'behind_schedule').length,
      coop: report.tasks.length - leads.length,
      difficulties: report.tasks.filter((t) => t.difficulties).length + (report.summary.difficulties ? 1 : 0),
      warnings: (await this.plausibility.checkView(report)).warnings.length,
    };
    await this.responder.send(
      req,
      res,
      'review',
      {
        title: `${report.agencyName} – ${report.periodLabel}`,
        report: {
          ...report,
          stateLabel: STATE_LABELS[report.state],
          history: report.history.map((h) => ({ ...h, action: HISTORY_ACTION_LABELS[h.action] ?? h.action })),
        },
        sections: this.sections(report, {}, null),
        facts,
        indicators: report.indicators.map((v) => ({
          ...v,
          yesNo: v.aggregation === 'count_yes',
          answer:
            v.value === null
              ? 'chưa trả lời'
              : v.aggregation === 'count_yes'
                ? v.value === YES
                  ? 'Có'
                  : 'Không'
                : formatViDecimal(v.value),
        })),
        canReview: user.role === 'coordinator' && report.state === 'submitted',
        changes,
        revisionCount: report.revisions.length,
        notice,
        error,
      },
      user,
      status,
    );
  }

  private async renderForm(
    req: Request,
    res: Response,
    user: CurrentUser,
    report: ReportView,
    error: string | null,
    errors: Record<string, string>,
    typed: FormBody | null,
    status = 200,
    notice: string | null = null,
  ): Promise<void> {
    const editable = report.state === 'draft' || report.state === 'returned';
    const period = await this.reporting.period(report.periodId);
    const letter = typed?.officialLetter ?? report.officialLetter ?? {};
    const summary = typed?.summary ?? report.summary;
    // Warnings on the figures as saved (a figure over the task's need): shown beside the field, never refusing.
    const warnings = editable
      ? Object.fromEntries((await this.plausibility.checkView(report)).warnings.map((w) => [w.path, w.message]))
      : {};
    await this.responder.send(
      req,
      res,
      'report-form',
      {
        title: `${report.periodLabel} – ${report.agencyName}`,
        script: editable ? 'report-form.js' : undefined,
        report: { ...report, stateLabel: STATE_LABELS[report.state] },
        version: typed?.version ?? report.version,
        editable,
        sections: this.sections(report, errors, typed, warnings),
        warningCount: Object.keys(warnings).length,
        indicators: report.indicators.map((v, i) => {
          const shown = typed ? formRows(typed.indicators)[i]?.value : formatViDecimal(v.value);
          return {
            ...v,
            index: i,
            shown,
            // A count of agencies answering yes asks this agency its own answer, Có/Không (stored 1/0).
            yesNo: v.aggregation === 'count_yes',
            yes: shown === YES,
            no: shown === NO,
            answered: shown === YES || shown === NO,
            targetText: v.targetSpec ? `năm ${v.targetSpec.year}: ${formatTarget(v.targetSpec, v.unit)}` : null,
            error: errors[`indicators.${i}.value`],
          };
        }),
        letter,
        summary,
        summaryError: errors['summary.assessment'],
        document: report.form === 'document',
        letterError: errors['officialLetter.number'],
        attachmentsError: errors.attachments,
        tasksError: errors.tasks ?? errors.indicators,
        error,
        errorCount: Object.keys(errors).length,
        errorList: errorLinks(report, errors),
        period,
        // Once sent: to whom, when, the reference and the PDF copy of what was sent.
        receipt:
          report.state === 'submitted' || report.state === 'accepted'
            ? await this.receipts.receipt(report.id, user).then(async (r) => ({
                receiver: await this.receiverName(report.periodId),
                sentAt: r.sentAt,
                reference: r.reference,
              }))
            : null,
        progress: editable && report.form !== 'document' ? formProgress(report) : null,
        notice,
      },
      user,
      status,
    );
  }

  /** Entries grouped by section, each with its options, shown values and field messages. */
  private sections(report: ReportView, errors: Record<string, string>, typed: FormBody | null, warnings: Record<string, string> = {}) {
    const typedTasks = typed ? formRows(typed.tasks) : [];
    const groups = new Map<string, { code: string; title: string; coop: boolean; entries: unknown[] }>();
    report.tasks.forEach((t, i) => {
      const was = typedTasks[i] ?? {};
      const saved = t as unknown as Record<string, string | number | null>;
      const value = (f: string) =>
        typed ? (was[f] ?? '') : MONEY_FIELDS.includes(f) ? formatViDecimal(saved[f] as string | null) : (saved[f] ?? '');
      const coop = t.role !== 'lead';
      const key = coop ? ' cooperating' : (t.sectionCode ?? '');
      const title = coop ? 'Nhiệm vụ phối hợp' : t.sectionTitle || t.sectionCode || 'Nhiệm vụ chung';
      if (!groups.has(key)) groups.set(key, { code: key, title, coop, entries: [] });
      groups.get(key)!.entries.push({
        ...t,
        index: i,
        lead: !coop,
        openDifficulty: Boolean(value('difficulties')) || Object.keys(errors).some((p) => p.startsWith(`tasks.${i}.difficult`)),
        statusLabel: t.status ? TASK_STATUS_LABELS[t.status as keyof typeof TASK_STATUS_LABELS] : '—',
        shown: Object.fromEntries(
          ['percentComplete', 'workDone', 'difficulties', 'proposals', 'nextSteps', ...MONEY_FIELDS].map((f) => [f, value(f)]),
        ),
        statuses: TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s], selected: (typed ? was.status : t.status) === s })),
        kinds: DIFFICULTY_KINDS.map((k) => ({
          value: k,
          label: DIFFICULTY_KIND_LABELS[k],
          selected: (typed ? was.difficultyKind : t.difficultyKind) === k,
        })),
        levels: RESOLVING_LEVELS.map((l) => ({
          value: l,
          label: RESOLVING_LEVEL_LABELS[l],
          selected: (typed ? was.resolvingLevel : t.resolvingLevel) === l,
        })),
        errors: Object.fromEntries(
          Object.entries(errors)
            .filter(([p]) => p.startsWith(`tasks.${i}.`))
            .map(([p, m]) => [p.slice(`tasks.${i}.`.length), m]),
        ),
        warnings: Object.fromEntries(
          Object.entries(warnings)
            .filter(([p]) => p.startsWith(`tasks.${i}.`))
            .map(([p, m]) => [p.slice(`tasks.${i}.`.length), m]),
        ),
      });
    });
    // The lead tasks by section under the plan's own titles, then the cooperating ones together.
    return [...groups.values()];
  }
}
