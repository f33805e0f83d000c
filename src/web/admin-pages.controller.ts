import { Controller, Get, Param, Post, Query, Req, Res, UploadedFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesRepository } from '../agencies/agencies.repository';
import { AGENCY_KIND_LABELS } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { compareVietnamese } from '../common/vietnamese';
import { Clock } from '../common/clock';
import { zonedDate } from '../common/time-zone';
import { formatDateRule, kindRuleAnchor, timelineCells, viDate } from '../plans/workbook/cells';
import { ANCHOR_WORDS, AUDIENCE_WORDS, FREQUENCY_LABELS, OWED_BY_TASK_AGENCIES, TASK_KIND_WORDS } from '../plans/workbook/layout';
import { formatTarget } from '../plans/indicator-target';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlansRepository } from '../plans/plans.repository';
import { TasksRepository } from '../plans/tasks.repository';
import { flattenTasks } from '../plans/workbook/plan-document';
import { PlanDocumentReader } from '../plans/workbook/plan-document-reader';
import { PlanImportRepository } from '../plans/workbook/plan-import.repository';
import { HolidaysService } from '../reporting/holidays.service';
import { ENTITY_LABELS, Change } from '../plans/workbook/plan-import';
import { IMPORT_MAX_BYTES, ImportView, PlanImportService } from '../plans/workbook/plan-import.service';
import { sendXlsx } from '../plans/workbook/plan-workbook.controller';
import { planWorkbook } from '../plans/workbook/workbook-files';
import { AnswersJson, PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormPage, FormRefusal, PageForm, shownOnForm } from './page-form';
import { HolidayForm, PlanImportForm } from './page-forms';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const IMPORT_STATE_LABELS: Record<string, string> = {
  queued: 'Đang chờ xử lý',
  running: 'Đang xử lý',
  done: 'Hoàn tất',
  refused: 'Bảng tính có lỗi, chưa lưu gì',
  failed: 'Lỗi hệ thống',
};
const ADMIN_ONLY = 'Trang quản trị chỉ dành cho quản trị hệ thống.';

/** A search term for SQL LIKE: trimmed, at most 100 characters, wildcards taken literally. */
export function likeTerm(q: unknown): string | null {
  if (typeof q !== 'string' || !q.trim()) return null;
  return `%${q
    .normalize('NFC')
    .trim()
    .slice(0, 100)
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Administration: plans with their XLSX import (a job in the worker, its progress shown live)
 * and export, agencies with a search that ignores diacritics, in Vietnamese order (users:
 * AdminUsersPagesController).
 */
@Pages()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly imports: PlanImportService,
    private readonly plansRepository: PlansRepository,
    private readonly tasksRepository: TasksRepository,
    private readonly importsRepository: PlanImportRepository,
    private readonly planDocuments: PlanDocumentReader,
    private readonly agenciesRepository: AgenciesRepository,
    private readonly holidaysService: HolidaysService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PageRoles(['administrator'], ADMIN_ONLY)
  async home(@PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.responder.send(req, res, 'admin', { title: 'Quản trị hệ thống' }, user);
  }

  @Get('plans')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async plans(@PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderPlans(req, res, user, null);
  }

  private async renderPlans(req: Request, res: Response, user: CurrentUser, error: string | null, status = 200): Promise<void> {
    const plans = await this.plansRepository.listPlansWithTaskCounts();
    const recent = await this.importsRepository.recentImports(10);
    await this.responder.send(
      req,
      res,
      'admin-plans',
      {
        title: 'Kế hoạch – nhập, xuất bảng tính',
        plans,
        recent: recent.map((r) => ({ ...r, stateLabel: IMPORT_STATE_LABELS[r.state] })),
        error,
      },
      user,
      status,
    );
  }

  @Post('plans/import')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy tải lại trang rồi chọn tệp lại.', {
    upload: { field: 'file', options: { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10 } } },
  })
  @FormPage<AdminPagesController>((c, req, res, r) => c.renderPlans(req, res, r.user!, r.message, r.status))
  async startImport(
    @PageForm() form: PlanImportForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<void> {
    try {
      const id = await this.imports.start(file, form.mode !== 'apply', user);
      res.redirect(303, `/admin/imports/${id}`);
    } catch (error) {
      if (shownOnForm(error)) return this.renderPlans(req, res, user, error.errors[0]?.message ?? error.message, error.status);
      throw error;
    }
  }

  @Get('imports/:id')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async importPage(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const view = await this.imports.view(id);
    if (!view) throw AppError.notFound('Không tìm thấy lần nhập bảng tính này.');
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
  @PageRoles(['administrator'], 'Bạn không có quyền xem việc này.')
  @AnswersJson()
  progress(@Param('id') id: string, @Res() res: Response): Promise<void> {
    return this.responder.jobProgress(res, () => this.imports.view(id), {
      code: 'IMPORT_NOT_FOUND',
      message: 'Không tìm thấy lần nhập.',
    });
  }

  @Post('imports/:id/confirm')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected('Biểu mẫu đã hết hạn. Hãy mở lại kết quả chạy thử rồi bấm lại.')
  @FormPage<AdminPagesController>((c, req, res, r) => c.renderPlans(req, res, r.user!, r.message, r.status))
  async confirm(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const next = await this.imports.confirm(id, user);
      res.redirect(303, `/admin/imports/${next}`);
    } catch (error) {
      if (shownOnForm(error)) return this.renderPlans(req, res, user, error.message, error.status);
      throw error;
    }
  }

  @Get('plans/import/template.xlsx')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async template(@Res() res: Response): Promise<void> {
    sendXlsx(res, 'mau-nhap-ke-hoach.xlsx', await planWorkbook(null));
  }

  @Get('plans/:code/export.xlsx')
  @PageRoles(['administrator', 'coordinator'], 'Chỉ quản trị hệ thống và cán bộ tổng hợp được xuất kế hoạch.')
  @PlanScoped('plan')
  async export(@Param('code') code: string, @Res() res: Response): Promise<void> {
    const doc = await this.planDocuments.load(code);
    if (!doc) throw AppError.notFound(`Không có kế hoạch mã "${code}".`);
    sendXlsx(res, `${doc.plan.code}.xlsx`, await planWorkbook(doc));
  }

  /** One plan as administrators check it: sections, tasks (searchable), indicators, the regime and its reminders. */
  @Get('plans/:code')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async plan(
    @Param('code') code: string,
    @Query('q') q: unknown,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.planDocuments.load(code);
    if (!doc) throw AppError.notFound(`Không có kế hoạch mã "${code}".`);
    const term = likeTerm(q);
    const matching = term ? new Set(await this.tasksRepository.searchTaskCodes(code, term)) : null;
    const names = new Map(doc.agencies.map((a) => [a.code, a.shortName]));
    const groupsByCode = new Map((doc.groups ?? []).map((g) => [g.code, g]));
    // A group a cell named reads "Các sở, ban, ngành (8 cơ quan)", then the agencies it does not hold.
    const list = (codes: string[], groupCodes: string[] = []) => {
      const named = groupCodes.flatMap((c) => groupsByCode.get(c) ?? []);
      const covered = new Set(named.flatMap((g) => g.members));
      return [
        ...named.map((g) => `${g.name} (${g.members.length} cơ quan)`),
        ...codes.filter((c) => !covered.has(c)).map((c) => names.get(c) ?? c),
      ].join('; ');
    };
    const groups = (doc.groups ?? []).map((g) => ({
      code: g.code,
      name: g.name,
      count: g.members.length,
      membersText: g.members.map((c) => names.get(c) ?? c).join('; '),
    }));
    const tasks = flattenTasks(doc.sections)
      .filter(({ task }) => !matching || matching.has(task.code))
      .map(({ section, task }) => ({
        section: section.code,
        code: task.code,
        title: task.title,
        kind: TASK_KIND_WORDS[task.kind],
        timeline: timelineCells(task.timeline)[0],
        leads: list(task.leads, task.leadGroups),
        cooperating: list(task.cooperating, task.cooperatingGroups),
        capitalTotal: task.capitalTotal,
      }));
    const kinds = doc.kinds.map((k) => ({
      ...k,
      frequencyLabel: FREQUENCY_LABELS[k.frequency],
      yearsText: k.years.join(', '),
      opens: formatDateRule(k.opensRule, kindRuleAnchor(k.frequency, k.slots, k.years)) || viDate(k.fixedOpensDate),
      due: formatDateRule(k.dueRule, kindRuleAnchor(k.frequency, k.slots, k.years)) || viDate(k.fixedDueDate),
      consolidationDue: formatDateRule(k.consolidationDueRule, kindRuleAnchor(k.frequency, k.slots, k.years)),
      owed:
        k.owedBy === 'task_agencies'
          ? OWED_BY_TASK_AGENCIES
          : k.agencyGroups?.length
            ? list(k.agencyCodes, k.agencyGroups)
            : `${k.agencyCodes.length} cơ quan, đơn vị`,
      rules: k.reminderRules.map((r) => ({ ...r, anchorLabel: ANCHOR_WORDS[r.anchor], audienceLabel: AUDIENCE_WORDS[r.audience] })),
    }));
    const indicators = doc.indicators.map((i) => ({
      ...i,
      ownersText: list(i.owners, i.ownerGroups),
      targetsText: i.targets.map((t) => `${t.year}: ${formatTarget(t, i.unit)}`).join('; '),
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
        groups,
        kinds,
        indicators,
        q: typeof q === 'string' ? q : '',
      },
      user,
    );
  }

  @Get('holidays')
  @PageRoles(['administrator'], ADMIN_ONLY)
  async holidays(@Query('year') year: unknown, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderHolidays(req, res, user, year, null, null);
  }

  @Post('holidays')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected('Biểu mẫu đã hết hạn, vui lòng nhập lại.')
  @FormPage<AdminPagesController>((c, req, res, r) => c.holidayRefused(req, res, r))
  async putHoliday(@PageForm() form: HolidayForm, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { date, name } = form;
    const year = date.slice(0, 4);
    try {
      const dayOff = form.dayOff === true;
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
      if (shownOnForm(error))
        return this.renderHolidays(req, res, user, year, null, error.errors[0]?.message ?? error.message, error.status);
      throw error;
    }
  }

  /** A refused holiday form: the year of the typed date (the current year after an expired form). */
  private holidayRefused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    const date = typeof r.body.date === 'string' ? r.body.date.trim() : '';
    return this.renderHolidays(req, res, r.user!, r.reason === 'csrf' ? undefined : date.slice(0, 4), null, r.message, r.status);
  }

  @Post('holidays/:date/delete')
  @PageRoles(['administrator'], ADMIN_ONLY)
  @CsrfProtected('Biểu mẫu đã hết hạn, vui lòng bấm lại.')
  @FormPage<AdminPagesController>((c, req, res, r) => c.renderHolidays(req, res, r.user!, undefined, null, r.message, r.status))
  async deleteHoliday(
    @Param('date') date: string,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.holidaysService.remove(date);
      await this.audit.recordQuietly({ actor: user, action: 'holiday.remove', entity: 'holiday', entityId: date, detail: { via: 'page' } });
      await this.renderHolidays(req, res, user, date.slice(0, 4), `Đã xóa ngày ${viDate(date)} khỏi danh sách ngày nghỉ.`, null);
    } catch (error) {
      if (shownOnForm(error)) return this.renderHolidays(req, res, user, date.slice(0, 4), null, error.message, error.status);
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
  @PageRoles(['administrator'], ADMIN_ONLY)
  async agencies(@Query('q') q: unknown, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const term = likeTerm(q);
    const rows = await this.agenciesRepository.listWithUserCounts(term);
    rows.sort((a, b) => compareVietnamese(a.name, b.name));
    await this.responder.send(
      req,
      res,
      'admin-agencies',
      {
        title: 'Cơ quan, đơn vị',
        q: typeof q === 'string' ? q : '',
        agencies: rows.map((r) => ({ ...r, kindLabel: AGENCY_KIND_LABELS[r.kind] })),
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
