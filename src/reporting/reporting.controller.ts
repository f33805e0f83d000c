import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
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
  ) {}

  @Get('plans/:code/periods')
  @ApiOperation({ summary: 'Reporting periods with opening, agencies deadline and consolidation deadline (Asia/Ho_Chi_Minh)' })
  async periods(@Param('code') code: string): Promise<PeriodView[]> {
    return this.reporting.periods(await this.plans.requireId(code));
  }

  @Get('plans/:code/regime')
  @ApiOperation({ summary: 'The reporting regime: report kinds, their rules and who owes them' })
  async regime(@Param('code') code: string): Promise<RegimeView[]> {
    return this.reporting.regimes(await this.plans.requireId(code));
  }

  @Get('periods/:id')
  @ApiOperation({ summary: 'One reporting period' })
  period(@Param('id') id: string): Promise<PeriodView> {
    return this.reporting.period(id);
  }
}
