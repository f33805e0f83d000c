import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { formatIsoDate, zonedDate } from '../common/time-zone';
import { Mailer } from '../reminders/mailer';
import { OutboxService } from '../reminders/outbox.service';
import { RemindersService } from '../reminders/reminders.service';
import { ReportingService } from '../reporting/reporting.service';
import { PeriodStatusService } from '../submissions/period-status.service';
import { PageResponder } from './page-responder';
import { csrfValid } from './page-session';

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
};
const AGENCY_STATE_LABELS: Record<string, string> = { missing: 'Chưa gửi', returned: 'Bị trả lại, chưa gửi lại' };

type Form = Record<string, unknown>;

/** The coordinator's reminder controls: the late list with "Nhắc nhở", the reminder log, the outbox, the development mailbox. */
@ApiExcludeController()
@Controller()
export class ReminderPagesController {
  constructor(
    private readonly responder: PageResponder,
    private readonly outbox: OutboxService,
    private readonly reminders: RemindersService,
    private readonly status: PeriodStatusService,
    private readonly reporting: ReportingService,
    private readonly mailer: Mailer,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Get('periods/:id/reminders')
  async late(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['coordinator'], 'Trang nhắc nhở dành cho cán bộ tổng hợp của Sở Xây dựng.');
    if (!user) return;
    await this.renderLate(req, res, user, id, null, null);
  }

  @Post('periods/:id/reminders')
  async remind(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(req, res, ['coordinator'], 'Chỉ cán bộ tổng hợp của Sở Xây dựng mới gửi nhắc nhở.');
    if (!user) return;
    if (!csrfValid(req)) return this.renderLate(req, res, user, id, null, 'Biểu mẫu đã hết hạn, vui lòng bấm lại.', 403);
    if (body.agencyCode !== undefined && (typeof body.agencyCode !== 'string' || !body.agencyCode)) {
      return this.renderLate(req, res, user, id, null, 'Đơn vị cần nhắc không hợp lệ.', 400);
    }
    const code = body.agencyCode as string | undefined;
    try {
      const r = await this.outbox.remindNow(id, user, code ? [code] : undefined);
      const parts = [
        r.reminded.length ? `Đã nhắc nhở ${r.reminded.length} đơn vị.` : 'Không có đơn vị nào được nhắc thêm.',
        r.alreadyToday.length ? `${r.alreadyToday.length} đơn vị đã được nhắc hôm nay (mỗi đơn vị nhiều nhất một lần một ngày).` : '',
        r.noAddress.length ? `${r.noAddress.length} đơn vị chưa có địa chỉ email: ${r.noAddress.join(', ')}.` : '',
      ];
      await this.renderLate(req, res, user, id, parts.filter(Boolean).join(' '), null);
    } catch (error) {
      if (error instanceof AppError && error.status < 500 && error.status !== 404) {
        return this.renderLate(req, res, user, id, null, error.errors[0]?.message ?? error.message, error.status);
      }
      await this.renderError(req, res, user, error);
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
    try {
      const [period, status, log] = await Promise.all([this.reporting.period(id), this.status.status(id), this.reminders.forPeriod(id)]);
      const todayRule = `manual-${formatIsoDate(zonedDate(this.clock.now()))}`;
      const remindedToday = new Set(log.filter((r) => r.rule === todayRule).map((r) => r.agencyCode));
      const noAddress = new Set(log.filter((r) => r.state === 'failed' && r.recipients.length === 0).map((r) => r.agencyCode));
      const late = status.agencies
        .filter((a) => a.state === 'missing' || a.state === 'returned')
        .map((a) => ({
          ...a,
          stateLabel: AGENCY_STATE_LABELS[a.state],
          remindedToday: remindedToday.has(a.agencyCode),
          noAddress: noAddress.has(a.agencyCode),
        }));
      await this.responder.send(
        req,
        res,
        'reminders',
        {
          title: `Nhắc nhở – ${period.label}`,
          period,
          late,
          log: log.map((r) => ({ ...r, stateLabel: REMINDER_STATE_LABELS[r.state] ?? r.state })),
          notice,
          error,
        },
        user,
        httpStatus,
      );
    } catch (e) {
      await this.renderError(req, res, user, e);
    }
  }

  @Get('admin/outbox')
  async outboxPage(@Query('state') state: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'administrator'],
      'Trang hộp thư đi dành cho Sở Xây dựng và quản trị hệ thống.',
    );
    if (!user) return;
    await this.renderOutbox(req, res, user, state, null, null);
  }

  @Post('admin/outbox/:id/retry')
  async retry(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'administrator'],
      'Trang hộp thư đi dành cho Sở Xây dựng và quản trị hệ thống.',
    );
    if (!user) return;
    if (!csrfValid(req)) return this.renderOutbox(req, res, user, undefined, null, 'Biểu mẫu đã hết hạn, vui lòng bấm lại.', 403);
    try {
      await this.outbox.retry(id, user);
      await this.renderOutbox(req, res, user, undefined, 'Đã đưa thư vào hàng đợi để gửi lại.', null);
    } catch (error) {
      if (error instanceof AppError && error.status < 500)
        return this.renderOutbox(req, res, user, undefined, null, error.message, error.status);
      await this.renderError(req, res, user, error);
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
    const [counts, rows] = await Promise.all([this.outbox.counts(), this.outbox.list({ state: filter, limit: 1000 })]);
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

  @Get('admin/mailbox')
  async mailbox(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.responder.requireRole(
      req,
      res,
      ['coordinator', 'administrator'],
      'Hộp thư phát triển dành cho Sở Xây dựng và quản trị hệ thống.',
    );
    if (!user) return;
    const messages = this.mailer.usesDevMailbox
      ? ((await this.dataSource.query(
          `SELECT id, sender, recipients, cc, subject, text, received_at FROM dev_mailbox ORDER BY received_at DESC, id LIMIT 200`,
        )) as { id: string; sender: string; recipients: string[]; cc: string[]; subject: string; text: string; received_at: Date }[])
      : [];
    await this.responder.send(
      req,
      res,
      'mailbox',
      {
        title: 'Hộp thư phát triển',
        devMailbox: this.mailer.usesDevMailbox,
        messages: messages.map((m) => ({ ...m, receivedAt: m.received_at.toISOString() })),
      },
      user,
    );
  }

  private async renderError(req: Request, res: Response, user: CurrentUser, error: unknown): Promise<void> {
    if (!(error instanceof AppError)) throw error;
    await this.responder.send(req, res, 'error', { title: 'Không thực hiện được', message: error.message }, user, error.status);
  }
}
