import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { PlanScoped } from '../plans/plan-access.guard';
import { PlanAccessService } from '../plans/plan-access.service';
import { PlansService } from '../plans/plans.service';
import { PeriodView, RegimeView, ReportingService } from './reporting.service';

@ApiTags('reporting')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class ReportingController {
  constructor(
    private readonly reporting: ReportingService,
    private readonly plans: PlansService,
    private readonly access: PlanAccessService,
  ) {}

  @Get('plans/:code/periods')
  @PlanScoped('plan')
  @ApiOperation({
    summary:
      'Reporting periods with opening, agencies deadline and consolidation deadline (Asia/Ho_Chi_Minh); an agency sees those it owes',
  })
  async periods(@Param('code') code: string, @User() user: CurrentUser): Promise<PeriodView[]> {
    const planId = await this.plans.requireId(code);
    const [periods, owed] = await Promise.all([this.reporting.periods(planId), this.access.owedPeriodIds(user, planId)]);
    return owed ? periods.filter((p) => owed.has(p.id)) : periods;
  }

  @Get('plans/:code/regime')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'The reporting regime: report kinds, their rules and who owes them' })
  async regime(@Param('code') code: string): Promise<RegimeView[]> {
    return this.reporting.regimes(await this.plans.requireId(code));
  }

  @Get('periods/:id')
  @PlanScoped('period')
  @ApiOperation({ summary: 'One reporting period' })
  period(@Param('id') id: string): Promise<PeriodView> {
    return this.reporting.period(id);
  }
}
