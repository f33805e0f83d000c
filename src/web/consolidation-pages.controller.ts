import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { sendDownload, sendInline } from '../common/download';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { formatViDecimal } from '../common/decimal';
import { AppError } from '../common/errors';
import { formatIsoDate, zonedDate } from '../common/time-zone';
import { ConsolidationsService, ConsolidationView, NARRATIVE_FIELDS } from '../consolidation/consolidations.service';
import { DocumentsService } from '../consolidation/documents.service';
import { letterhead, periodPhrase } from '../consolidation/report-content';
import { consolidationDocx, consolidationXlsx } from '../consolidation/report-files';
import { indicatorBasis, indicatorTargetText, percentOf } from '../consolidation/rollup';
import { metLabel } from '../plans/indicator-target';
import { PlanScoped } from '../plans/plan-access.guard';
import { ReportingService } from '../reporting/reporting.service';
import { PeriodStatusService } from '../submissions/period-status.service';
import { PlausibilityService } from '../submissions/plausibility.service';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS } from '../submissions/report.constants';
import { AnswersJson, ErrorPageTitle, PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormBody, FormPage, PageForm, shownOnForm } from './page-form';
import { ConsolidationForm } from './page-forms';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const CELL: Record<string, { label: string; css: string }> = {
  on_time: { label: 'Đúng hạn', css: 'ok' },
  late: { label: 'Muộn', css: 'late' },
  returned: { label: 'Trả lại', css: 'returned' },
  accepted: { label: 'Đã tiếp nhận', css: 'ok' },
  missing: { label: 'Chưa gửi', css: 'missing' },
};
const NARRATIVE_LABELS: Record<string, string> = {
  assessment: 'Đánh giá chung, kết quả thực hiện',
  difficulties: 'Khó khăn, vướng mắc',
  keyTasks: 'Nhiệm vụ trọng tâm kỳ tới',
  proposals: 'Đề xuất, kiến nghị',
};
const KIND_FILTERS: Record<string, string[]> = { department: ['department'], commune: ['commune', 'ward'] };
const READERS = 'Trang này dành cho cán bộ tổng hợp và lãnh đạo theo dõi kế hoạch.';

/** The coordinator's dashboard of a period and the consolidation editor; the leader reads the same. */
@Pages()
@ErrorPageTitle('Không thực hiện được')
@Controller()
export class ConsolidationPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly consolidations: ConsolidationsService,
    private readonly documents: DocumentsService,
    private readonly reporting: ReportingService,
    private readonly status: PeriodStatusService,
    private readonly clock: Clock,
    private readonly plausibility: PlausibilityService,
  ) {}

  @Get('periods/:id/consolidation')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('period')
  async page(
    @Param('id') id: string,
    @Query('kind') kind: string | undefined,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(req, res, user, id, kind, null, null);
  }

  @Post('periods/:id/consolidation')
  @PageRoles(['coordinator'], 'Chỉ cán bộ tổng hợp của kế hoạch mới lập, sửa báo cáo tổng hợp.')
  @PlanScoped('period')
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy tải lại trang rồi thực hiện lại.')
  @FormPage<ConsolidationPagesController>((c, req, res, r) =>
    c.render(req, res, r.user!, r.params.id, undefined, null, r.message, r.status, r.body),
  )
  async act(
    @Param('id') id: string,
    @PageForm() form: ConsolidationForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const notice = await this.apply(id, form, user);
      await this.render(req, res, user, id, undefined, notice, null);
    } catch (error) {
      if (shownOnForm(error, { notFound: false })) {
        const body = req.body as FormBody;
        return this.render(req, res, user, id, undefined, null, error.errors[0]?.message ?? error.message, error.status, body);
      }
      throw error;
    }
  }

  /** Builds a new version, or saves the text (and with `finalize` records it as sent); answers the notice. */
  private async apply(periodId: string, form: ConsolidationForm, user: CurrentUser): Promise<string> {
    if (form.action === 'build') {
      const c = await this.consolidations.build(periodId, user);
      return `Đã lập bản tổng hợp phiên bản ${c.version}.`;
    }
    const consolidationId = form.consolidationId ?? '';
    const narrative = Object.fromEntries(
      NARRATIVE_FIELDS.map((f) => [f, form[`narrative_${f}`]]).filter(([, v]) => v !== undefined),
    ) as Partial<Record<(typeof NARRATIVE_FIELDS)[number], string>>;
    await this.consolidations.update(consolidationId, user, {
      editVersion: form.editVersion,
      narrative,
      documentNumber: form.documentNumber || null,
    });
    if (form.action !== 'finalize') return 'Đã lưu nội dung báo cáo tổng hợp.';
    await this.consolidations.finalize(consolidationId, user, { sentDate: form.sentDate || undefined });
    return 'Đã ghi nhận báo cáo tổng hợp gửi UBND tỉnh; kỳ báo cáo đã khóa.';
  }

  /** The document as HTML, to read before downloading the DOCX. */
  @Get('consolidations/:id/preview')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('consolidation')
  async preview(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const c = await this.consolidations.get(id);
    const f = c.figures;
    await this.responder.send(
      req,
      res,
      'consolidation-preview',
      {
        title: `Xem trước báo cáo – ${f.period.label}`,
        c,
        f,
        ...letterhead(c, formatIsoDate(zonedDate(this.clock.now()))),
        periodPhrase: periodPhrase(f.period.label),
        missing: f.completeness.agencies.filter((a) => a.state === 'missing'),
        indicators: f.indicators.map((i) => ({
          ...i,
          basis: indicatorBasis(i),
          yearText: indicatorTargetText(i, 'year'),
          finalText: indicatorTargetText(i, 'final'),
          metText: metLabel(i.met),
        })),
      },
      user,
    );
  }

  /** The document as PDF, shown beside the narrative editor (and opened on its own on a phone). */
  @Get('consolidations/:id/preview.pdf')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('consolidation')
  async previewPdf(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const pdf = await this.consolidations.previewPdf(id);
    sendInline(res, pdf.bytes, 'application/pdf', pdf.fileName);
  }

  @Get('consolidations/:id/report.docx')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('consolidation')
  async docx(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const c = await this.consolidations.get(id);
    const bytes = await consolidationDocx(c, formatIsoDate(zonedDate(this.clock.now())));
    sendDownload(
      res,
      bytes,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `bao-cao-tong-hop-v${c.version}.docx`,
    );
  }

  /** Generates both files in a worker job; the next page follows its progress. */
  @Post('consolidations/:id/documents')
  @PageRoles(['coordinator'], 'Chỉ cán bộ tổng hợp của kế hoạch mới tạo bộ văn bản; lãnh đạo chỉ xem và tải về.')
  @PlanScoped('consolidation')
  @CsrfProtected('Hãy tải lại trang báo cáo tổng hợp rồi bấm lại.', { title: 'Biểu mẫu đã hết hạn' })
  async generate(@Param('id') id: string, @PageUser() user: CurrentUser, @Res() res: Response): Promise<void> {
    res.redirect(303, `/documents/${await this.documents.start(id, user)}`);
  }

  @Get('documents/:id')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('document')
  async documentPage(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const doc = await this.documents.view(id);
    if (!doc) throw AppError.notFound('Không tìm thấy bộ văn bản.');
    const running = doc.state === 'queued' || doc.state === 'running';
    await this.responder.send(
      req,
      res,
      'documents',
      {
        title: `Bộ văn bản báo cáo tổng hợp phiên bản ${doc.version}`,
        doc,
        running,
        percent: Math.round(doc.progress * 100),
        script: running ? 'job-progress.js' : undefined,
      },
      user,
    );
  }

  @Get('documents/:id/progress')
  @PageRoles(['coordinator', 'leader'], 'Bạn không có quyền xem việc này.')
  @PlanScoped('document')
  @AnswersJson()
  documentProgress(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.responder.jobProgress(res, () => this.documents.view(id), {
      code: 'DOCUMENT_NOT_FOUND',
      message: 'Không tìm thấy bộ văn bản.',
    });
  }

  @Get('documents/:id/:file')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('document')
  async documentFile(@Param('id') id: string, @Param('file') file: string, @Res() res: Response): Promise<void> {
    const format = file === 'report.docx' ? 'docx' : file === 'report.xlsx' ? 'xlsx' : null;
    if (!format) throw AppError.notFound('Không tìm thấy tệp.');
    const { bytes, name } = await this.documents.file(id, format);
    const type =
      format === 'docx'
        ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    sendDownload(res, bytes, type, name);
  }

  @Get('consolidations/:id/report.xlsx')
  @PageRoles(['coordinator', 'leader'], READERS)
  @PlanScoped('consolidation')
  async xlsx(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const c = await this.consolidations.get(id);
    sendDownload(
      res,
      await consolidationXlsx(c),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `bao-cao-tong-hop-v${c.version}.xlsx`,
    );
  }

  private async render(
    req: Request,
    res: Response,
    user: CurrentUser,
    periodId: string,
    kind: string | undefined,
    notice: string | null,
    error: string | null,
    status = 200,
    typed: FormBody | null = null,
  ): Promise<void> {
    const period = await this.reporting.period(periodId);
    const [latestRef] = await this.consolidations.list(periodId);
    const latest: ConsolidationView | null = latestRef ? await this.consolidations.get(latestRef.id) : null;
    const matrix = await this.matrix(periodId, KIND_FILTERS[kind ?? ''] ?? null);
    // Figures to look at again before the document goes out: breaches first, then warnings.
    const findings = await this.plausibility.periodFindings(periodId);
    const review = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')].map((f) => ({
      ...f,
      error: f.severity === 'error',
    }));
    const typedText = (field: string): string | undefined => (typeof typed?.[field] === 'string' ? typed[field] : undefined);
    await this.responder.send(
      req,
      res,
      'consolidation',
      {
        title: `Báo cáo tổng hợp – ${period.label}`,
        period,
        kind: kind ?? '',
        matrix,
        review,
        latest,
        canEdit: user.role === 'coordinator' && latest !== null && !latest.final,
        canBuild: user.role === 'coordinator' && !(latest?.final ?? false),
        narrative: latest
          ? NARRATIVE_FIELDS.map((field) => ({
              field,
              label: NARRATIVE_LABELS[field],
              value: typedText(`narrative_${field}`) ?? latest.narrative[field],
            }))
          : [],
        documentNumber: typedText('documentNumber') ?? latest?.documentNumber ?? '',
        today: formatIsoDate(zonedDate(this.clock.now())),
        ...figuresModel(latest),
        notice,
        error,
      },
      user,
      status,
    );
  }

  /** Agencies × the plan's periods opened so far: on time, late, returned, accepted, missing. One query. */
  private async matrix(periodId: string, kinds: string[] | null) {
    const rows = await this.status.matrix(periodId, this.clock.now(), kinds);
    const periods: { id: string; label: string }[] = [];
    const agencies = new Map<string, { code: string; name: string; cells: { label: string; css: string; periodId: string }[] }>();
    for (const r of rows) {
      if (!periods.some((p) => p.id === r.period_id)) periods.push({ id: r.period_id, label: r.label });
      if (!agencies.has(r.code)) agencies.set(r.code, { code: r.code, name: r.name, cells: [] });
      agencies.get(r.code)!.cells.push({ ...CELL[r.cell], periodId: r.period_id });
    }
    return { periods, agencies: [...agencies.values()] };
  }
}

/** A percent string ("12.5") as a whole number for a <progress> bar, capped at 100. */
function barPercent(percent: string | null): number {
  if (!percent) return 0;
  const [whole] = percent.split('.');
  return Math.min(100, Number(whole));
}

/** The dashboard's figures of the latest consolidation: progress by section, capital bars, difficulties. */
function figuresModel(latest: ConsolidationView | null) {
  const f = latest?.figures;
  return {
    progress: f?.sections.map((s) => {
      const reported = s.tasks.filter((t) => t.reported > 0).length;
      return {
        title: s.title,
        tasks: s.tasks.length,
        reported,
        behind: s.tasks.filter((t) => t.behind).length,
        pct: s.tasks.length ? Math.round((reported / s.tasks.length) * 100) : 0,
      };
    }),
    capital: f?.capital.sections.map((s) => ({
      title: s.title,
      allocated: formatViDecimal(s.allocated.total),
      disbursed: formatViDecimal(s.disbursed.total),
      rate: s.disbursementRate?.replace('.', ',') ?? '—',
      // Bars show percentages computed from the decimals: the need allocated in the period, the allocation disbursed.
      allocatedPct: barPercent(percentOf(s.allocated.total, s.need.total)),
      disbursedPct: barPercent(s.disbursementRate),
    })),
    capitalTotal: f
      ? {
          need: formatViDecimal(f.capital.need.total),
          allocated: formatViDecimal(f.capital.allocated.total),
          disbursed: formatViDecimal(f.capital.disbursed.total),
          cumulative: formatViDecimal(f.capital.disbursedCumulative.total),
          rate: f.capital.disbursementRate?.replace('.', ',') ?? '—',
        }
      : null,
    difficulties: f?.difficulties.map((g) => ({
      ...g,
      kindLabel: DIFFICULTY_KIND_LABELS[g.kind as keyof typeof DIFFICULTY_KIND_LABELS] ?? g.kind,
      levelLabel: g.level ? (RESOLVING_LEVEL_LABELS[g.level as keyof typeof RESOLVING_LEVEL_LABELS] ?? g.level) : 'Chưa xác định',
    })),
  };
}
