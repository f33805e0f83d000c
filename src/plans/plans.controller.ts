import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { PlanScoped } from './plan-access.guard';
import { PlanAccessService } from './plan-access.service';
import { IndicatorView, PlanDetail, PlansService, PlanSummary, TaskView } from './plans.service';

@ApiTags('plans')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly access: PlanAccessService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The plans the user works on (every plan for an administrator)' })
  async list(@User() user: CurrentUser): Promise<PlanSummary[]> {
    const [plans, scope] = await Promise.all([this.plans.list(), this.access.scope(user)]);
    return plans.filter((p) => scope.hasCode(p.code));
  }

  @Get(':code')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'A plan with its sections and capital needs (decimal strings in tỷ đồng)' })
  get(@Param('code') code: string): Promise<PlanDetail> {
    return this.plans.get(code);
  }

  @Get(':code/sections')
  @PlanScoped('plan')
  @ApiOperation({ summary: "The plan's sections (appendices) with capital needs" })
  async sections(@Param('code') code: string): Promise<PlanDetail['sections']> {
    return (await this.plans.get(code)).sections;
  }

  @Get(':code/tasks')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'Tasks in the order of the text, with lead and cooperating agencies and milestones' })
  @ApiQuery({ name: 'section', required: false, description: 'Section code, e.g. PL01' })
  tasks(@Param('code') code: string, @Query('section') section?: string): Promise<TaskView[]> {
    return this.plans.tasks(code, { sectionCode: section });
  }

  @Get(':code/tasks/:taskCode')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'One task by its code, e.g. II.2.(1).a (URL-encode it)' })
  task(@Param('code') code: string, @Param('taskCode') taskCode: string): Promise<TaskView> {
    return this.plans.task(code, taskCode);
  }

  @Get(':code/indicators')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'Indicators with their owners and yearly targets' })
  indicators(@Param('code') code: string): Promise<IndicatorView[]> {
    return this.plans.indicators(code);
  }
}
