import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AGENCY_KIND_LABELS } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { compareVietnamese } from '../common/vietnamese';
import { Clock } from '../common/clock';
import { zonedDate } from '../common/time-zone';
import { formatDateRule, timelineCells, viDate } from '../plans/workbook/cells';
import {
  ANCHOR_WORDS,
  AUDIENCE_WORDS,
  COMPARATOR_WORDS,
  FREQUENCY_LABELS,
  OWED_BY_TASK_AGENCIES,
  TASK_KIND_WORDS,
} from '../plans/workbook/layout';
import { flattenTasks, loadPlanDocument } from '../plans/workbook/plan-document';
import { HolidaysService } from '../reporting/holidays.service';
import { ENTITY_LABELS, Change } from '../plans/workbook/plan-import';
import { IMPORT_MAX_BYTES, ImportView, PlanImportService } from '../plans/workbook/plan-import.service';
import { sendXlsx } from '../plans/workbook/plan-workbook.controller';
import { writePlanWorkbook } from '../plans/workbook/workbook-write';
import { PageResponder } from './page-responder';
import { csrfValid } from './page-session';

const ROLE_LABELS: Record<string, string> = {
  administrator: 'Quản trị hệ thống',
  coordinator: 'Cán bộ tổng hợp',
  leader: 'Lãnh đạo (chỉ xem)',
  reporter: 'Cán bộ báo cáo',
  head: 'Lãnh đạo đơn vị',
};
const IMPORT_STATE_LABELS: Record<string, string> = {
  queued: 'Đang chờ xử lý',
  running: 'Đang xử lý',
  done: 'Hoàn tất',
  refused: 'Bảng tính có lỗi, chưa lưu gì',
  failed: 'Lỗi hệ thống',
};
const ADMIN_ONLY = 'Trang quản trị chỉ dành cho quản trị hệ thống.';

/** A search term for SQL LIKE: trimmed, at most 100 characters, wildcards taken literally. */
function likeTerm(q: unknown): string | null {
  if (typeof q !== 'string' || !q.trim()) return null;
  return `%${q
    .normalize('NFC')
    .trim()
    .slice(0, 100)
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Administration: plans with their XLSX import (a job in the worker, its progress shown live)
 * and export, agencies and users with a search that ignores diacritics, in Vietnamese order.
 */
@ApiExcludeController()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly imports: PlanImportService,
    private readonly dataSource: DataSource,
    private readonly holidaysService: HolidaysService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    await this.responder.send(req, res, 'admin', { title: 'Quản trị hệ thống' }, user);
  }

  @Get('plans')
  async plans(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    await this.renderPlans(req, res, user, null);
  }

  private async renderPlans(req: Request, res: Response, user: CurrentUser, error: string | null, status = 200): Promise<void> {
    const plans = (await this.dataSource.query(
      `SELECT p.code, p.title, p.start_year, p.end_year, (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id)::int AS tasks
       FROM plans p ORDER BY p.start_year DESC, p.code`,
    )) as { code: string; title: string; start_year: number; end_year: number; tasks: number }[];
    const recent = (await this.dataSource.query(
      `SELECT i.id, i.file_name, i.dry_run, i.state, i.plan_code, i.created_at, u.username
       FROM plan_imports i JOIN users u ON u.id = i.created_by ORDER BY i.created_at DESC LIMIT 10`,
    )) as Record<string, unknown>[];
    await this.responder.send(
      req,
      res,
      'admin-plans',
      {
        title: 'Kế hoạch – nhập, xuất bảng tính',
        plans,
        recent: recent.map((r) => ({ ...r, stateLabel: IMPORT_STATE_LABELS[r.state as string] })),
        error,
      },
      user,
      status,
    );
  }

  @Post('plans/import')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } }))
  async startImport(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    if (!csrfValid(req)) return this.renderPlans(req, res, user, 'Biểu mẫu đã hết hạn. Hãy tải lại trang rồi chọn tệp lại.', 403);
    try {
      const id = await this.imports.start(file, body.mode !== 'apply', user);
      res.redirect(303, `/admin/imports/${id}`);
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return this.renderPlans(req, res, user, error.errors[0]?.message ?? error.message, error.status);
      throw error;
    }
  }

  @Get('imports/:id')
  async importPage(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    const view = await this.imports.view(id);
    if (!view) {
      await this.responder.send(
        req,
        res,
        'error',
        { title: 'Không tìm thấy', message: 'Không tìm thấy lần nhập bảng tính này.' },
        user,
        404,
      );
      return;
    }
    await this.responder.send(
      req,
      res,
      'admin-import',
      {
        title: `Nhập kế hoạch – ${view.fileName}`,
        ...this.importModel(view),
        script: view.state === 'queued' || view.state === 'running' ? 'job-progress.js' : undefined,
      },
      user,
    );
  }

  @Get('imports/:id/progress')
  progress(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.responder.jobProgress(req, res, ['administrator'], () => this.imports.view(id), {
      code: 'IMPORT_NOT_FOUND',
      message: 'Không tìm thấy lần nhập.',
    });
  }

  @Post('imports/:id/confirm')
  async confirm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    if (!csrfValid(req)) return this.renderPlans(req, res, user, 'Biểu mẫu đã hết hạn. Hãy mở lại kết quả chạy thử rồi bấm lại.', 403);
    try {
      const next = await this.imports.confirm(id, user);
      res.redirect(303, `/admin/imports/${next}`);
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return this.renderPlans(req, res, user, error.message, error.status);
      throw error;
    }
  }

  @Get('plans/import/template.xlsx')
  async template(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    sendXlsx(res, 'mau-nhap-ke-hoach.xlsx', await writePlanWorkbook(null));
  }

  @Get('plans/:code/export.xlsx')
  async export(@Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['administrator', 'coordinator'],
      'Chỉ quản trị hệ thống và cán bộ tổng hợp được xuất kế hoạch.',
    );
    if (!user) return;
    const doc = await loadPlanDocument(this.dataSource.manager, code);
    if (!doc) {
      await this.responder.send(req, res, 'error', { title: 'Không tìm thấy', message: `Không có kế hoạch mã "${code}".` }, user, 404);
      return;
    }
    sendXlsx(res, `${doc.plan.code}.xlsx`, await writePlanWorkbook(doc));
  }

  /** One plan as administrators check it: sections, tasks (searchable), indicators, the regime and its reminders. */
  @Get('plans/:code')
  async plan(@Param('code') code: string, @Query('q') q: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    const doc = await loadPlanDocument(this.dataSource.manager, code);
    if (!doc) {
      await this.responder.send(req, res, 'error', { title: 'Không tìm thấy', message: `Không có kế hoạch mã "${code}".` }, user, 404);
      return;
    }
    const term = likeTerm(q);
    const matching = term
      ? new Set(
          (
            (await this.dataSource.query(
              `SELECT t.code FROM tasks t JOIN plans p ON p.id = t.plan_id
             WHERE p.code = $1 AND unaccent(lower(t.code || ' ' || t.title || ' ' || coalesce(t.note, ''))) LIKE unaccent(lower($2))`,
              [code, term],
            )) as { code: string }[]
          ).map((r) => r.code),
        )
      : null;
    const names = new Map(doc.agencies.map((a) => [a.code, a.shortName]));
    const list = (codes: string[]) => codes.map((c) => names.get(c) ?? c).join('; ');
    const tasks = flattenTasks(doc.sections)
      .filter(({ task }) => !matching || matching.has(task.code))
      .map(({ section, task }) => ({
        section: section.code,
        code: task.code,
        title: task.title,
        kind: TASK_KIND_WORDS[task.kind],
        timeline: timelineCells(task.timeline)[0],
        leads: list(task.leads),
        cooperating: list(task.cooperating),
        capitalTotal: task.capitalTotal,
      }));
    const kinds = doc.kinds.map((k) => ({
      ...k,
      frequencyLabel: FREQUENCY_LABELS[k.frequency],
      opens: formatDateRule(k.opensRule) || viDate(k.fixedOpensDate),
      due: formatDateRule(k.dueRule) || viDate(k.fixedDueDate),
      consolidationDue: formatDateRule(k.consolidationDueRule),
      owed: k.owedBy === 'task_agencies' ? OWED_BY_TASK_AGENCIES : `${k.agencyCodes.length} cơ quan, đơn vị`,
      rules: k.reminderRules.map((r) => ({ ...r, anchorLabel: ANCHOR_WORDS[r.anchor], audienceLabel: AUDIENCE_WORDS[r.audience] })),
    }));
    const indicators = doc.indicators.map((i) => ({
      ...i,
      ownersText: list(i.owners),
      targetsText: i.targets.map((t) => `${t.year}: ${COMPARATOR_WORDS[t.comparator].toLowerCase()} ${t.value}`).join('; '),
    }));
    await this.responder.send(
      req,
      res,
      'admin-plan',
      {
        title: `Quản trị kế hoạch ${doc.plan.code}`,
        doc,
        tasks,
        taskCount: flattenTasks(doc.sections).length,
        kinds,
        indicators,
        q: typeof q === 'string' ? q : '',
      },
      user,
    );
  }

  @Get('holidays')
  async holidays(@Query('year') year: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    await this.renderHolidays(req, res, user, year, null, null);
  }

  @Post('holidays')
  async putHoliday(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    if (!csrfValid(req)) return this.renderHolidays(req, res, user, undefined, null, 'Biểu mẫu đã hết hạn, vui lòng nhập lại.', 403);
    const date = typeof body.date === 'string' ? body.date.trim() : '';
    const name = typeof body.name === 'string' ? body.name.normalize('NFC').trim() : '';
    const year = date.slice(0, 4);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      return this.renderHolidays(req, res, user, year, null, 'Ngày không hợp lệ; chọn ngày theo lịch.', 400);
    if (!name || name.length > 255)
      return this.renderHolidays(req, res, user, year, null, 'Tên ngày nghỉ cần có và không quá 255 ký tự.', 400);
    try {
      const dayOff = body.dayOff === 'on' || body.dayOff === 'true';
      await this.holidaysService.put(date, { name, dayOff });
      await this.audit.recordQuietly({
        actor: user,
        action: 'holiday.put',
        entity: 'holiday',
        entityId: date,
        detail: { name, dayOff, via: 'page' },
      });
      await this.renderHolidays(req, res, user, year, `Đã lưu ngày ${viDate(date)}: ${name}.`, null);
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return this.renderHolidays(req, res, user, year, null, error.errors[0]?.message ?? error.message, error.status);
      throw error;
    }
  }

  @Post('holidays/:date/delete')
  async deleteHoliday(@Param('date') date: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    if (!csrfValid(req)) return this.renderHolidays(req, res, user, undefined, null, 'Biểu mẫu đã hết hạn, vui lòng bấm lại.', 403);
    try {
      await this.holidaysService.remove(date);
      await this.audit.recordQuietly({ actor: user, action: 'holiday.remove', entity: 'holiday', entityId: date, detail: { via: 'page' } });
      await this.renderHolidays(req, res, user, date.slice(0, 4), `Đã xóa ngày ${viDate(date)} khỏi danh sách ngày nghỉ.`, null);
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return this.renderHolidays(req, res, user, date.slice(0, 4), null, error.message, error.status);
      throw error;
    }
  }

  private async renderHolidays(
    req: Request,
    res: Response,
    user: CurrentUser,
    year: unknown,
    notice: string | null,
    error: string | null,
    status = 200,
  ): Promise<void> {
    const y = typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : zonedDate(this.clock.now()).year;
    const holidays = await this.holidaysService.list(y);
    await this.responder.send(
      req,
      res,
      'admin-holidays',
      {
        title: `Ngày nghỉ năm ${y}`,
        year: y,
        prev: y - 1,
        next: y + 1,
        holidays: holidays.map((h) => ({ ...h, label: viDate(h.date) })),
        notice,
        error,
      },
      user,
      status,
    );
  }

  @Get('agencies')
  async agencies(@Query('q') q: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    const term = likeTerm(q);
    const rows = (await this.dataSource.query(
      `SELECT code, kind, name, short_name, emails, requires_head_sign_off,
              (SELECT count(*) FROM users u WHERE u.agency_id = a.id)::int AS users
       FROM agencies a
       WHERE $1::text IS NULL OR unaccent(lower(a.name || ' ' || a.short_name || ' ' || a.code || ' ' || array_to_string(a.emails, ' '))) LIKE unaccent(lower($1))`,
      [term],
    )) as Record<string, any>[];
    rows.sort((a, b) => compareVietnamese(a.name, b.name));
    await this.responder.send(
      req,
      res,
      'admin-agencies',
      {
        title: 'Cơ quan, đơn vị',
        q: typeof q === 'string' ? q : '',
        agencies: rows.map((r) => ({ ...r, kindLabel: AGENCY_KIND_LABELS[r.kind as keyof typeof AGENCY_KIND_LABELS] })),
      },
      user,
    );
  }

  @Get('users')
  async users(@Query('q') q: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['administrator'], ADMIN_ONLY);
    if (!user) return;
    const term = likeTerm(q);
    const rows = (await this.dataSource.query(
      `SELECT u.username, u.display_name, u.email, u.role, u.disabled, a.short_name AS agency
       FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
       WHERE $1::text IS NULL OR unaccent(lower(u.username || ' ' || u.display_name || ' ' || coalesce(u.email, '') || ' ' || coalesce(a.name, ''))) LIKE unaccent(lower($1))
       LIMIT 500`,
      [term],
    )) as Record<string, any>[];
    rows.sort((a, b) => compareVietnamese(a.display_name, b.display_name) || compareVietnamese(a.username, b.username));
    await this.responder.send(
      req,
      res,
      'admin-users',
      {
        title: 'Người dùng và vai trò',
        q: typeof q === 'string' ? q : '',
        users: rows.map((r) => ({ ...r, roleLabel: ROLE_LABELS[r.role] ?? r.role })),
      },
      user,
    );
  }

  private importModel(view: ImportView) {
    const label = (c: Change) => ({ ...c, entityLabel: ENTITY_LABELS[c.entity] });
    const r = view.result;
    return {
      imp: view,
      percent: Math.round(view.progress * 100),
      running: view.state === 'queued' || view.state === 'running',
      stateLabel: IMPORT_STATE_LABELS[view.state],
      result: r,
      created: r?.changes?.created.map(label) ?? [],
      updated: r?.changes?.updated.map(label) ?? [],
      removed: r?.changes?.removed.map(label) ?? [],
      unchangedCount: r?.changes?.unchanged.length ?? 0,
      canConfirm: view.dryRun && view.state === 'done',
    };
  }
}
