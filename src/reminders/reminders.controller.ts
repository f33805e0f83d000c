import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import { Roles, User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlanAccessService } from '../plans/plan-access.service';
import { ReportingService } from '../reporting/reporting.service';
import { EMAIL_STATES } from './email.entity';
import { ManualReminderResult, OutboxRow, OutboxService } from './outbox.service';
import { RemindersService, ReminderView } from './reminders.service';

export class RemindNowDto {
  @ApiPropertyOptional({ description: 'only these agencies (codes); all late agencies when absent', example: ['STC', '01290'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { each: true })
  agencyCodes?: string[];
}

@ApiTags('reminders')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/periods')
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly reporting: ReportingService,
    private readonly outbox: OutboxService,
  ) {}

  @Get(':id/reminders')
  @Roles('coordinator')
  @PlanScoped('period')
  @ApiOperation({ summary: 'The reminder log of a period: who is reminded under which rule, when, and in what state' })
  async list(@Param('id') id: string): Promise<ReminderView[]> {
    await this.reporting.period(id); // 404 for an unknown period
    return this.reminders.forPeriod(id);
  }

  @Post(':id/reminders')
  @HttpCode(200)
  @Roles('coordinator')
  @PlanScoped('period')
  @ApiOperation({
    summary: '"Nhắc nhở": remind every late agency (or those named) now; at most once per agency per day (rule manual-YYYY-MM-DD)',
  })
  async remind(@Param('id') id: string, @Body() body: RemindNowDto, @User() user: CurrentUser): Promise<ManualReminderResult> {
    await this.reporting.period(id);
    return this.outbox.remindNow(id, user, body.agencyCodes);
  }
}

@ApiTags('reminders')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/outbox')
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly access: PlanAccessService,
  ) {}

  @Get()
  @Roles('coordinator', 'administrator')
  @ApiOperation({
    summary:
      "The outbox, newest first: every email with its state, attempts, SMTP answer, and whether it may have gone twice (a coordinator's: their plans' emails)",
  })
  @ApiQuery({ name: 'state', required: false, enum: EMAIL_STATES })
  @ApiQuery({ name: 'periodId', required: false })
  async list(@User() user: CurrentUser, @Query('state') state?: string, @Query('periodId') periodId?: string): Promise<OutboxRow[]> {
    if (state !== undefined && !(EMAIL_STATES as readonly string[]).includes(state))
      throw AppError.field('state', `Trạng thái thư phải là một trong: ${EMAIL_STATES.join(', ')}.`);
    if (periodId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(periodId))
      throw AppError.field('periodId', 'Mã kỳ báo cáo không hợp lệ.');
    return this.outbox.list({ state, periodId, planIds: (await this.access.scope(user)).planIds });
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('coordinator', 'administrator')
  @PlanScoped('email')
  @ApiOperation({ summary: 'Send a failed email again' })
  retry(@Param('id') id: string, @User() user: CurrentUser): Promise<OutboxRow> {
    return this.outbox.retry(id, user);
  }
}
