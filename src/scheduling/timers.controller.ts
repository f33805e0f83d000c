import { AuditWrites } from '../audit/audit-writes';
import { Controller, Get, Post, Query, UseGuards, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import { AppError } from '../common/errors';
import { EVENT_STATES } from './calendar-event.entity';
import { ReconcileResult, ReconcilerService } from './reconciler.service';
import { TimersService, TimerView } from './timers.service';

@ApiTags('timers')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('timers')
@Controller('api/admin/timers')
export class TimersController {
  constructor(
    private readonly timers: TimersService,
    private readonly reconciler: ReconcilerService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Calendar timers with their state (pending, fired, skipped), lateness and deliveries' })
  @ApiQuery({ name: 'state', required: false, enum: EVENT_STATES })
  @ApiQuery({ name: 'plan', required: false })
  list(@Query('state') state?: string, @Query('plan') plan?: string): Promise<TimerView[]> {
    if (state !== undefined && !(EVENT_STATES as readonly string[]).includes(state)) {
      throw AppError.field('state', `Trạng thái phải là một trong: ${EVENT_STATES.join(', ')}.`);
    }
    return this.timers.list({ state, planCode: plan });
  }

  @Post('reconcile')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the reconciler now (it also runs on boot and every few minutes)' })
  reconcile(): Promise<ReconcileResult> {
    return this.reconciler.reconcile();
  }
}
