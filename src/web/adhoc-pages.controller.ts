import { Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { FieldError } from '../common/errors';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlanIdentityService } from '../plans/plan-identity.service';
import { AdhocReportsService, AdhocReportView } from '../submissions/adhoc-reports.service';
import {
  DIFFICULTY_KIND_LABELS,
  DIFFICULTY_KINDS,
  DifficultyKind,
  RESOLVING_LEVEL_LABELS,
  RESOLVING_LEVELS,
  ResolvingLevel,
} from '../submissions/report.constants';
import { PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormBody, FormPage, FormRefusal, PageForm, shownOnForm } from './page-form';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const AGENCY_ONLY = 'Chỉ cán bộ của cơ quan, đơn vị mới gửi báo cáo đột xuất.';
const COORDINATOR_ONLY = 'Chỉ cán bộ tổng hợp của kế hoạch mới xem các báo cáo đột xuất gửi tới.';
const EXPIRED_FORM = 'Biểu mẫu đã hết hạn. Nội dung bạn nhập vẫn còn dưới đây: hãy bấm "Gửi báo cáo đột xuất" lần nữa.';

const SUBJECT = 'Cần ghi tiêu đề của báo cáo (tối đa 255 ký tự).';
const BODY = 'Cần ghi nội dung khó khăn, vướng mắc hoặc đề xuất, kiến nghị.';
const BODY_TOO_LONG = 'Nội dung dài tối đa 20.000 ký tự.';
const TASK = 'Hãy chọn một nhiệm vụ trong danh sách, hoặc để trống.';
const KIND = 'Hãy chọn loại khó khăn.';
const LEVEL = 'Hãy chọn cấp có thẩm quyền giải quyết.';

const FIELDS = ['subject', 'body', 'taskCode', 'difficultyKind', 'resolvingLevel'] as const;
type TypedForm = Partial<Record<(typeof FIELDS)[number], string>>;

const says = (message: string) => ({ context: { message } });

/** Text typed in the form: NFC, Windows line ends made \n, trimmed, cut at `max`; anything but a string reads as empty. */
const Typed = (max: number) =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.normalize('NFC').replace(/\r\n?/g, '\n').trim().slice(0, max) : '',
  );

/** The agency's ad hoc report form: the fields of the API's AdhocReportDto, each refusal in Vietnamese. */
export class AdhocReportForm {
  @Typed(300)
  @MaxLength(255, says(SUBJECT))
  @IsNotEmpty(says(SUBJECT))
  subject!: string;

  @Typed(20_001)
  @MaxLength(20_000, says(BODY_TOO_LONG))
  @IsNotEmpty(says(BODY))
  body!: string;

  /** Empty or absent: about no task in particular. */
  @Typed(100)
  @IsOptional()
  @MaxLength(64, says(TASK))
  taskCode?: string;

  @Typed(40)
  @IsIn(DIFFICULTY_KINDS, says(KIND))
  difficultyKind!: string;

  @Typed(20)
  @IsIn(RESOLVING_LEVELS, says(LEVEL))
  resolvingLevel!: string;
}

/** The first message of each field of the form; what is about no field of it is left to the page's alert. */
function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if ((FIELDS as readonly string[]).includes(e.path)) out[e.path] ??= e.message;
  return out;
}

/** What was typed in a refused form, as strings, to show it back. */
function typed(body: FormBody): TypedForm {
  const out: TypedForm = {};
  for (const f of FIELDS) {
    const value = body[f];
    if (typeof value === 'string') out[f] = value.normalize('NFC').slice(0, 20_000);
  }
  return out;
}

/** At most `max` characters of a text, cut between code points, with "…" when cut (a long task title in a list). */
function shortened(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/** A report with its kind and level in words, as the pages show it. */
function labelled(report: AdhocReportView) {
  return {
    ...report,
    kindLabel: DIFFICULTY_KIND_LABELS[report.difficultyKind as DifficultyKind] ?? report.difficultyKind,
    levelLabel: RESOLVING_LEVEL_LABELS[report.resolvingLevel as ResolvingLevel] ?? report.resolvingLevel,
  };
}

interface Shown {
  form?: TypedForm;
  errors?: Record<string, string>;
  error?: string | null;
}

/**
 * Ad hoc reports of difficulties and proposals (section V), as pages: an agency raises one at
 * any time and sees what it sent; the plan's coordinator reads the inbox, newest first. Scoped
 * to the plan and the roles exactly as the API (`/api/plans/:code/adhoc-reports`), through the
 * same service.
 */
@Pages()
@Controller('plans/:code/adhoc-reports')
export class AdhocPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly adhoc: AdhocReportsService,
    private readonly identities: PlanIdentityService,
  ) {}

  /** The coordinator's inbox. */
  @Get()
  @PageRoles(['coordinator'], COORDINATOR_ONLY)
  @PlanScoped('plan')
  async inbox(@Param('code') code: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    const plan = await this.adhoc.plan(code);
    const reports = (await this.adhoc.list(code)).map(labelled);
    await this.responder.send(req, res, 'adhoc-inbox', { title: `Báo cáo đột xuất – ${plan.title}`, plan, reports }, user);
  }

  /** The agency's form. */
  @Get('new')
  @PageRoles(['reporter', 'head'], AGENCY_ONLY)
  @PlanScoped('plan')
  async form(@Param('code') code: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderForm(req, res, user, code, {}, HttpStatus.OK);
  }

  /** Sends the form; then the page of what was sent. Refused: the form again with what was typed, nothing saved. */
  @Post('new')
  @PageRoles(['reporter', 'head'], AGENCY_ONLY)
  @PlanScoped('plan')
  @CsrfProtected(EXPIRED_FORM)
  @FormPage<AdhocPagesController>((c, req, res, r) => c.refused(req, res, r))
  async send(
    @Param('code') code: string,
    @PageForm() form: AdhocReportForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const { subject, body, taskCode, difficultyKind, resolvingLevel } = form;
      const sent = await this.adhoc.create(
        code,
        user,
        { subject, body, taskCode: taskCode || undefined, difficultyKind, resolvingLevel },
        { ownTask: true },
      );
      res.redirect(303, `/plans/${encodeURIComponent(code)}/adhoc-reports/${sent.id}`);
    } catch (error) {
      if (!shownOnForm(error, { notFound: false })) throw error;
      const errors = byField(error.errors);
      const aboutFields = Object.keys(errors).length > 0;
      await this.renderForm(
        req,
        res,
        user,
        code,
        { form: typed(req.body as FormBody), errors, error: aboutFields ? null : error.message },
        aboutFields ? HttpStatus.UNPROCESSABLE_ENTITY : error.status,
      );
    }
  }

  /** What the agency sent (its own reports only; another agency's is not found). */
  @Get(':id')
  @PageRoles(['reporter', 'head'], AGENCY_ONLY)
  @PlanScoped('plan')
  async sent(
    @Param('code') code: string,
    @Param('id') id: string,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const plan = await this.adhoc.plan(code);
    const report = labelled(await this.adhoc.sentBy(code, id, user));
    const identity = await this.identities.forPlan(plan.id);
    await this.responder.send(
      req,
      res,
      'adhoc-sent',
      { title: 'Đã gửi báo cáo đột xuất', plan, report, receiver: identity?.issuerName ?? 'cơ quan tổng hợp' },
      user,
    );
  }

  /** The form again after the pipeline refused it: an expired form (403) or a field the form does not accept (422). */
  private refused(req: Request, res: Response, r: FormRefusal): Promise<void> {
    const shown: Shown =
      r.reason === 'csrf' ? { form: typed(r.body), error: r.message } : { form: typed(r.body), errors: byField(r.errors) };
    return this.renderForm(req, res, r.user!, r.params.code ?? '', shown, r.reason === 'csrf' ? r.status : HttpStatus.UNPROCESSABLE_ENTITY);
  }

  private async renderForm(req: Request, res: Response, user: CurrentUser, code: string, shown: Shown, status: number): Promise<void> {
    const { plan, tasks } = await this.adhoc.formFor(code, user);
    const form = shown.form ?? {};
    await this.responder.send(
      req,
      res,
      'adhoc-form',
      {
        title: 'Gửi báo cáo đột xuất',
        plan,
        form,
        error: shown.error ?? null,
        errors: shown.errors ?? {},
        tasks: tasks.map((t) => ({ code: t.code, title: shortened(t.title, 140), selected: form.taskCode === t.code })),
        kinds: DIFFICULTY_KINDS.map((k) => ({ value: k, label: DIFFICULTY_KIND_LABELS[k], selected: form.difficultyKind === k })),
        levels: RESOLVING_LEVELS.map((l) => ({ value: l, label: RESOLVING_LEVEL_LABELS[l], selected: form.resolvingLevel === l })),
      },
      user,
      status,
    );
  }
}
