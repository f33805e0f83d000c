import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { PlanScoped } from '../plans/plan-access.guard';
import { AdhocReportsService, AdhocReportView } from './adhoc-reports.service';
import { AdhocReportDto } from './dto/report.dto';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@AuditWrites('adhoc_report')
@Controller('api/plans/:code/adhoc-reports')
export class AdhocReportsController {
  constructor(private readonly adhoc: AdhocReportsService) {}

  @Post()
  @Roles('reporter', 'head')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'Raise a difficulty or proposal at any time (section V)' })
  create(@Param('code') code: string, @User() user: CurrentUser, @Body() body: AdhocReportDto): Promise<AdhocReportView> {
    return this.adhoc.create(code, user, body);
  }

  @Get()
  @Roles('coordinator')
  @PlanScoped('plan')
  @ApiOperation({ summary: "The coordinator's inbox of ad hoc reports" })
  list(@Param('code') code: string): Promise<AdhocReportView[]> {
    return this.adhoc.list(code);
  }
}
