import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlanAccessService } from '../plans/plan-access.service';
import { Mailer } from '../reminders/mailer';
import { OutboxService, RemindedToday } from '../reminders/outbox.service';
import { RemindersService, ReminderView } from '../reminders/reminders.service';
import { ReportingService } from '../reporting/reporting.service';
import { PeriodStatusService } from '../submissions/period-status.service';
import { ErrorPageTitle, PageRoles, PageUser } from './page-access';
import { CsrfProtected } from './page-csrf';
import { FormPage, PageForm, shownOnForm } from './page-form';
import { RemindForm } from './page-forms';
import { PageResponder } from './page-responder';
import { Pages } from './pages';

const REMINDER_STATE_LABELS: Record<string, string> = {
  pending: 'Chờ gửi',
  sent: 'Đã gửi',
  failed: 'Không gửi được',
  cancelled: 'Hủy (đơn vị đã gửi báo cáo)',
  skipped: 'Bỏ qua',
};
const EMAIL_STATE_LABELS: Record<string, string> = {
  pending: 'Chờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  failed: 'Gửi không thành công',
};
const EMAIL_KIND_LABELS: Record<string, string> = {
  before_deadline: 'Nhắc trước hạn',
  overdue: 'Nhắc quá hạn',
  escalation: 'Quá hạn – gửi lãnh đạo đơn vị',
  digest: 'Tổng hợp hằng ngày',
  consolidation: 'Nhắc hạn tổng hợp',
  returned: 'Báo cáo bị trả lại',
  accepted: 'Báo cáo được tiếp nhận',
  account_link: 'Tài khoản – đường dẫn đặt mật khẩu',
  chain_input: 'Báo cáo tổng hợp cấp dưới gửi tiếp',
};
const AGENCY_STATE_LABELS: Record<string, string> = { missing: 'Chưa gửi', returned: 'Bị trả lại, chưa gửi lại' };
const MAILBOX_PAGE_SIZE = 100;
const OUTBOX_READERS = 'Trang hộp thư đi dành cho cán bộ tổng hợp và quản trị hệ thống.';

/** The coordinator's reminder controls: the late list with "Nhắc nhở", the reminder log, the outbox, the development mailbox. */
@Pages()
@ErrorPageTitle('Không thực hiện được')
@Controller()
export class ReminderPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly outbox: OutboxService,
    private readonly reminders: RemindersService,
    private readonly status: PeriodStatusService,
    private readonly reporting: ReportingService,
    private readonly mailer: Mailer,
    private readonly access: PlanAccessService,
  ) {}

  @Get('periods/:id/reminders')
  @PageRoles(['coordinator'], 'Trang nhắc nhở dành cho cán bộ tổng hợp của kế hoạch.')
  @PlanScoped('period')
  async late(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderLate(req, res, user, id, null, null);
  }

  @Post('periods/:id/reminders')
  @PageRoles(['coordinator'], 'Chỉ cán bộ tổng hợp của kế hoạch mới gửi nhắc nhở.')
  @PlanScoped('period')
  @CsrfProtected('Biểu mẫu đã hết hạn, vui lòng bấm lại.')
  @FormPage<ReminderPagesController>((c, req, res, r) => c.renderLate(req, res, r.user!, r.params.id, null, r.message, r.status))
  async remind(
    @Param('id') id: string,
    @PageForm() form: RemindForm,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const code = form.agencyCode;
    try {
      const r = await this.outbox.remindNow(id, user, code ? [code] : undefined);
      const parts = [
        r.reminded.length ? `Đã nhắc nhở ${r.reminded.length} đơn vị.` : 'Không có đơn vị nào được nhắc thêm.',
        r.alreadyToday.length ? `${r.alreadyToday.length} đơn vị đã được nhắc hôm nay (mỗi đơn vị nhiều nhất một lần một ngày).` : '',
        r.noAddress.length ? `${r.noAddress.length} đơn vị chưa có địa chỉ email: ${r.noAddress.join(', ')}.` : '',
      ];
      await this.renderLate(req, res, user, id, parts.filter(Boolean).join(' '), null);
    } catch (error) {
      if (shownOnForm(error, { notFound: false })) {
        return this.renderLate(req, res, user, id, null, error.errors[0]?.message ?? error.message, error.status);
      }
      throw error;
    }
  }

  private async renderLate(
    req: Request,
    res: Response,
    user: CurrentUser,
    id: string,
    notice: string | null,
    error: string | null,
    httpStatus = 200,
  ): Promise<void> {
    const [period, status, log, today] = await Promise.all([
      this.reporting.period(id),
      this.status.status(id),
      this.reminders.forPeriod(id),
      this.outbox.remindedToday(id),
    ]);
    // One reminder per agency per day, whatever sent it: the automatic ones of today count.
    const remindedToday = new Map(today.map((r) => [r.agencyCode, remindedLabel(r)]));
    const noAddress = new Set(log.filter((r) => r.state === 'failed' && r.recipients.length === 0).map((r) => r.agencyCode));
    const late = status.agencies
      .filter((a) => a.state === 'missing' || a.state === 'returned')
      .map((a) => ({
        ...a,
        stateLabel: AGENCY_STATE_LABELS[a.state],
        remindedToday: remindedToday.get(a.agencyCode) ?? null,
        noAddress: noAddress.has(a.agencyCode),
      }));
    const wouldRemind = late.filter((a) => !a.remindedToday && !a.noAddress);
    await this.responder.send(
      req,
      res,
      'reminders',
      {
        title: `Nhắc nhở – ${period.label}`,
        period,
        late,
        wouldRemind,
        ...reminderLog(log),
        notice,
        error,
      },
      user,
      httpStatus,
    );
  }

  @Get('admin/outbox')
  @PageRoles(['coordinator', 'administrator'], OUTBOX_READERS)
  async outboxPage(
    @Query('state') state: string | undefined,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderOutbox(req, res, user, state, null, null);
  }

  @Post('admin/outbox/:id/retry')
  @PageRoles(['coordinator', 'administrator'], OUTBOX_READERS)
  @PlanScoped('email')
  @CsrfProtected('Biểu mẫu đã hết hạn, vui lòng bấm lại.')
  @FormPage<ReminderPagesController>((c, req, res, r) => c.renderOutbox(req, res, r.user!, undefined, null, r.message, r.status))
  async retry(@Param('id') id: string, @PageUser() user: CurrentUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.outbox.retry(id, user);
      await this.renderOutbox(req, res, user, undefined, 'Đã đưa thư vào hàng đợi để gửi lại.', null);
    } catch (error) {
      if (shownOnForm(error)) return this.renderOutbox(req, res, user, undefined, null, error.message, error.status);
      throw error;
    }
  }

  private async renderOutbox(
    req: Request,
    res: Response,
    user: CurrentUser,
    state: string | undefined,
    notice: string | null,
    error: string | null,
    httpStatus = 200,
  ): Promise<void> {
    const filter = state && Object.hasOwn(EMAIL_STATE_LABELS, state) ? state : undefined;
    // A coordinator sees the emails of their plans' periods; the administrator every email.
    const { planIds } = await this.access.scope(user);
    const [counts, rows] = await Promise.all([this.outbox.counts(planIds), this.outbox.list({ state: filter, limit: 1000, planIds })]);
    await this.responder.send(
      req,
      res,
      'outbox',
      {
        title: 'Hộp thư đi',
        counts,
        filter,
        emails: rows.map((r) => ({
          ...r,
          stateLabel: EMAIL_STATE_LABELS[r.state],
          kindLabel: EMAIL_KIND_LABELS[r.kind] ?? r.kind,
          canRetry: r.state === 'failed',
        })),
        devMailbox: this.mailer.usesDevMailbox,
        notice,
        error,
      },
      user,
      httpStatus,
    );
  }

  /**
   * A message's HTML part as the recipient sees it, framed by the mailbox page: its own policy
   * allows the email's inline styles and nothing else (no script, no request out, sandboxed).
   */
  @Get('admin/mailbox/:id/html')
  @PageRoles(['coordinator', 'administrator'], 'Hộp thư phát triển dành cho cán bộ tổng hợp và quản trị hệ thống.')
  async mailboxHtml(@Param('id') id: string, @PageUser() user: CurrentUser, @Res() res: Response): Promise<void> {
    const { planIds } = await this.access.scope(user);
    const html = /^[0-9a-f-]{36}$/i.test(id) ? await this.mailer.devMailboxHtml(id, planIds) : undefined;
    if (!html) throw AppError.notFound('Không tìm thấy thư.', 'EMAIL_NOT_FOUND');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox",
    );
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.type('html').send(html);
  }

  @Get('admin/mailbox')
  @PageRoles(['coordinator', 'administrator'], 'Hộp thư phát triển dành cho cán bộ tổng hợp và quản trị hệ thống.')
  async mailbox(
    @Query('page') pageParam: string | undefined,
    @PageUser() user: CurrentUser,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // A coordinator reads the mail about their plans' periods; the administrator every message.
    const { planIds } = await this.access.scope(user);
    const asked = /^\d{1,6}$/.test(pageParam ?? '') ? Number(pageParam) : 1;
    const first = await this.mailer.devMailboxPage({
      limit: MAILBOX_PAGE_SIZE,
      offset: (Math.max(asked, 1) - 1) * MAILBOX_PAGE_SIZE,
      planIds,
    });
    const pages = Math.max(1, Math.ceil(first.total / MAILBOX_PAGE_SIZE));
    const page = Math.min(Math.max(asked, 1), pages);
    const { total, messages } =
      page === asked
        ? first
        : await this.mailer.devMailboxPage({ limit: MAILBOX_PAGE_SIZE, offset: (page - 1) * MAILBOX_PAGE_SIZE, planIds });
    await this.responder.send(
      req,
      res,
      'mailbox',
      {
        title: 'Hộp thư phát triển',
        devMailbox: this.mailer.usesDevMailbox,
        total,
        page,
        pages,
        from: total ? (page - 1) * MAILBOX_PAGE_SIZE + 1 : 0,
        to: (page - 1) * MAILBOX_PAGE_SIZE + messages.length,
        previous: page > 1 ? page - 1 : null,
        next: page < pages ? page + 1 : null,
        messages: messages.map((m) => ({ ...m, receivedAt: m.received_at.toISOString() })),
      },
      user,
    );
  }
}

/** "Đã nhắc tự động lúc 08:00 (D-1)", "Đã nhắc lúc 10:20", "Đang gửi thư nhắc": today's reminder of an agency on the late list. */
function remindedLabel(r: RemindedToday): string {
  const auto = r.automatic ? ' tự động' : '';
  const rule = r.automatic ? ` (${r.rule})` : '';
  return r.sentAt ? `Đã nhắc${auto} lúc ${r.sentAt.slice(11, 16)}${rule}` : `Đang gửi thư nhắc${auto}${rule}`;
}

/**
 * The reminder log as the page shows it: newest first, the reminders that went (or failed) in
 * the table, those skipped or cancelled (the agency had sent its report) folded below it.
 */
function reminderLog(log: ReminderView[]) {
  const rows = [...log]
    .sort((a, b) => b.dueAt.localeCompare(a.dueAt) || a.agencyName.localeCompare(b.agencyName, 'vi'))
    .map((r) => ({ ...r, stateLabel: REMINDER_STATE_LABELS[r.state] ?? r.state }));
  const folded = (r: { state: string }) => r.state === 'skipped' || r.state === 'cancelled';
  return { log: rows.filter((r) => !folded(r)), foldedLog: rows.filter(folded) };
}
