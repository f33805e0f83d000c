import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { formatViDecimal } from '../common/decimal';
import { AppError } from '../common/errors';
import { formatIsoDate, zonedDate } from '../common/time-zone';
import { ConsolidationsService, ConsolidationView, NARRATIVE_FIELDS } from '../consolidation/consolidations.service';
import { DocumentsService } from '../consolidation/documents.service';
import { parentAndPlace, placeAndDate, renderConsolidationDocx } from '../consolidation/report-docx';
import { percentOf } from '../consolidation/rollup';
import { renderConsolidationXlsx } from '../consolidation/report-xlsx';
import { ReportingService } from '../reporting/reporting.service';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS } from '../submissions/report.constants';
import { PageResponder } from './page-responder';
import { csrfValid } from './page-session';

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

type Form = Record<string, unknown>;

/** The coordinator's dashboard of a period and the consolidation editor; the leader reads the same. */
@ApiExcludeController()
@Controller()
export class ConsolidationPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly consolidations: ConsolidationsService,
    private readonly documents: DocumentsService,
    private readonly reporting: ReportingService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get('periods/:id/consolidation')
  async page(@Param('id') id: string, @Query('kind') kind: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    await this.render(req, res, user, id, kind, null, null);
  }

  @Post('periods/:id/consolidation')
  async act(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator'],
      'Chỉ cán bộ tổng hợp của Sở Xây dựng mới lập, sửa báo cáo tổng hợp.',
    );
    if (!user) return;
    if (!csrfValid(req))
      return this.render(req, res, user, id, undefined, null, 'Biểu mẫu đã hết hạn. Hãy tải lại trang rồi thực hiện lại.', 403, body);
    const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC').replace(/\r\n/g, '\n').trim() : undefined);
    try {
      let notice: string;
      if (body.action === 'build') {
        const c = await this.consolidations.build(id, user);
        notice = `Đã lập bản tổng hợp phiên bản ${c.version}.`;
      } else {
        const consolidationId = text(body.consolidationId) ?? '';
        const narrative = Object.fromEntries(
          NARRATIVE_FIELDS.map((f) => [f, text(body[`narrative_${f}`])]).filter(([, v]) => v !== undefined),
        );
        const editVersion = Number(body.editVersion);
        const documentNumber = text(body.documentNumber) || null;
        if (documentNumber && documentNumber.length > 64) throw AppError.field('documentNumber', 'Số văn bản dài quá 64 ký tự.');
        await this.consolidations.update(consolidationId, user, {
          editVersion: Number.isInteger(editVersion) ? editVersion : undefined,
          narrative,
          documentNumber,
        });
        if (body.action === 'finalize') {
          const sentDate = text(body.sentDate) || undefined;
          if (sentDate && !/^\d{4}-\d{2}-\d{2}$/.test(sentDate)) throw AppError.field('sentDate', 'Ngày gửi không hợp lệ.');
          await this.consolidations.finalize(consolidationId, user, { sentDate });
          notice = 'Đã ghi nhận báo cáo tổng hợp gửi UBND tỉnh; kỳ báo cáo đã khóa.';
        } else notice = 'Đã lưu nội dung báo cáo tổng hợp.';
      }
      await this.render(req, res, user, id, undefined, notice, null);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        return this.render(req, res, user, id, undefined, null, error.errors[0]?.message ?? error.message, error.status, body);
      }
      await this.renderError(req, res, user, error);
    }
  }

  /** The document as HTML, to read before downloading the DOCX. */
  @Get('consolidations/:id/preview')
  async preview(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    try {
      const c = await this.consolidations.get(id);
      const f = c.figures;
      const { parent, place } = parentAndPlace(f.plan.issuingBody);
      await this.responder.send(
        req,
        res,
        'consolidation-preview',
        {
          title: `Xem trước báo cáo – ${f.period.label}`,
          c,
          f,
          parent,
          issuer: f.plan.coordinatingAgency.toLocaleUpperCase('vi'),
          number: c.documentNumber ? `Số: ${c.documentNumber}` : 'Số:        /BC-SXD',
          placeDate: placeAndDate(place, c.sentDate ?? formatIsoDate(zonedDate(this.clock.now()))),
          recipient: f.plan.recipientAgency ?? `Ủy ban nhân dân tỉnh ${place}`,
          missing: f.completeness.agencies.filter((a) => a.state === 'missing'),
        },
        user,
      );
    } catch (error) {
      await this.renderError(req, res, user, error);
    }
  }

  @Get('consolidations/:id/report.docx')
  async docx(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    try {
      const c = await this.consolidations.get(id);
      const bytes = await renderConsolidationDocx(c, formatIsoDate(zonedDate(this.clock.now())));
      this.sendFile(
        res,
        bytes,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        `bao-cao-tong-hop-v${c.version}.docx`,
      );
    } catch (error) {
      await this.renderError(req, res, user, error);
    }
  }

  /** Generates both files in a worker job; the next page follows its progress. */
  @Post('consolidations/:id/documents')
  async generate(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    if (!csrfValid(req)) {
      await this.responder.send(
        req,
        res,
        'error',
        { title: 'Biểu mẫu đã hết hạn', message: 'Hãy tải lại trang báo cáo tổng hợp rồi bấm lại.' },
        user,
        403,
      );
      return;
    }
    try {
      res.redirect(303, `/documents/${await this.documents.start(id, user)}`);
    } catch (error) {
      await this.renderError(req, res, user, error);
    }
  }

  @Get('documents/:id')
  async documentPage(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    const doc = await this.documents.view(id);
    if (!doc) return this.renderError(req, res, user, AppError.notFound('Không tìm thấy bộ văn bản.'));
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
  documentProgress(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.responder.jobProgress(req, res, ['coordinator', 'leader'], () => this.documents.view(id), {
      code: 'DOCUMENT_NOT_FOUND',
      message: 'Không tìm thấy bộ văn bản.',
    });
  }

  @Get('documents/:id/:file')
  async documentFile(@Param('id') id: string, @Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    const format = file === 'report.docx' ? 'docx' : file === 'report.xlsx' ? 'xlsx' : null;
    try {
      if (!format) throw AppError.notFound('Không tìm thấy tệp.');
      const { bytes, name } = await this.documents.file(id, format);
      const type =
        format === 'docx'
          ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      this.sendFile(res, bytes, type, name);
    } catch (error) {
      await this.renderError(req, res, user, error);
    }
  }

  @Get('consolidations/:id/report.xlsx')
  async xlsx(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'leader'],
      'Trang này dành cho Sở Xây dựng và lãnh đạo UBND tỉnh.',
    );
    if (!user) return;
    try {
      const c = await this.consolidations.get(id);
      this.sendFile(
        res,
        await renderConsolidationXlsx(c),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        `bao-cao-tong-hop-v${c.version}.xlsx`,
      );
    } catch (error) {
      await this.renderError(req, res, user, error);
    }
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
    typed: Form | null = null,
  ): Promise<void> {
    try {
      const period = await this.reporting.period(periodId);
      const [latestRef] = await this.consolidations.list(periodId);
      const latest: ConsolidationView | null = latestRef ? await this.consolidations.get(latestRef.id) : null;
      const matrix = await this.matrix(periodId, KIND_FILTERS[kind ?? ''] ?? null);
      const f = latest?.figures;
      await this.responder.send(
        req,
        res,
        'consolidation',
        {
          title: `Báo cáo tổng hợp – ${period.label}`,
          period,
          kind: kind ?? '',
          matrix,
          latest,
          canEdit: user.role === 'coordinator' && latest !== null && !latest.final,
          canBuild: user.role === 'coordinator' && !(latest?.final ?? false),
          narrative: latest
            ? NARRATIVE_FIELDS.map((field) => ({
                field,
                label: NARRATIVE_LABELS[field],
                value:
                  typeof typed?.[`narrative_${field}`] === 'string' ? (typed[`narrative_${field}`] as string) : latest.narrative[field],
              }))
            : [],
          documentNumber: typeof typed?.documentNumber === 'string' ? typed.documentNumber : (latest?.documentNumber ?? ''),
          today: formatIsoDate(zonedDate(this.clock.now())),
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
          notice,
          error,
        },
        user,
        status,
      );
    } catch (e) {
      await this.renderError(req, res, user, e);
    }
  }

  /** Agencies × the plan's periods opened so far: on time, late, returned, accepted, missing. One query. */
  private async matrix(periodId: string, kinds: string[] | null) {
    const rows = (await this.dataSource.query(
      `WITH cur AS (SELECT plan_id FROM reporting_periods WHERE id = $1),
       periods AS (SELECT p.id, p.label, p.due_at FROM reporting_periods p, cur WHERE p.plan_id = cur.plan_id AND p.opens_at <= $2 ORDER BY p.due_at),
       agencies AS (
         SELECT DISTINCT a.id, a.code, a.name, a.kind FROM agencies a
         WHERE a.id IN (SELECT ta.agency_id FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id, cur WHERE t.plan_id = cur.plan_id
                        UNION SELECT ka.agency_id FROM report_kind_agencies ka JOIN report_kinds k ON k.id = ka.report_kind_id
                        JOIN reporting_regimes rg ON rg.id = k.regime_id, cur WHERE rg.plan_id = cur.plan_id)
           AND ($3::text[] IS NULL OR a.kind = ANY ($3::text[]))
       )
       SELECT a.code, a.name, a.kind, p.id AS period_id, p.label,
              CASE WHEN r.first_submitted_at IS NULL THEN 'missing' WHEN r.state = 'returned' THEN 'returned' WHEN r.state = 'accepted' THEN 'accepted'
                   WHEN r.on_time THEN 'on_time' ELSE 'late' END AS cell
       FROM agencies a CROSS JOIN periods p LEFT JOIN agency_reports r ON r.agency_id = a.id AND r.period_id = p.id
       ORDER BY array_position(ARRAY['department','ward','commune','other','province']::text[], a.kind::text), a.code, p.due_at`,
      [periodId, this.clock.now(), kinds],
    )) as { code: string; name: string; kind: string; period_id: string; label: string; cell: string }[];
    const periods: { id: string; label: string }[] = [];
    const agencies = new Map<string, { code: string; name: string; cells: { label: string; css: string; periodId: string }[] }>();
    for (const r of rows) {
      if (!periods.some((p) => p.id === r.period_id)) periods.push({ id: r.period_id, label: r.label });
      if (!agencies.has(r.code)) agencies.set(r.code, { code: r.code, name: r.name, cells: [] });
      agencies.get(r.code)!.cells.push({ ...CELL[r.cell], periodId: r.period_id });
    }
    return { periods, agencies: [...agencies.values()] };
  }

  private sendFile(res: Response, bytes: Buffer, type: string, name: string): void {
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(bytes);
  }

  private async renderError(req: Request, res: Response, user: CurrentUser, error: unknown): Promise<void> {
    if (!(error instanceof AppError)) throw error;
    await this.responder.send(req, res, 'error', { title: 'Không thực hiện được', message: error.message }, user, error.status);
  }
}

/** A percent string ("12.5") as a whole number for a <progress> bar, capped at 100. */
function barPercent(percent: string | null): number {
  if (!percent) return 0;
  const [whole] = percent.split('.');
  return Math.min(100, Number(whole));
}
