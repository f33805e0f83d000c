import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/auth.decorators';
import { CreatePlanDto, UpdatePlanDto } from './dto/plan.dto';
import { CreateSectionDto, UpdateSectionDto } from './dto/section.dto';
import { PlansAdminService } from './plans-admin.service';
import { PlanDetail, SectionView } from './plans.service';

/** Entering another province's plan with no code change: the plan and its sections. */
@ApiTags('plans (administration)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('plan')
@Controller('api/plans')
export class PlansAdminController {
  constructor(private readonly admin: PlansAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create a plan (administrator); answers the plan as GET /api/plans/:code does' })
  create(@Body() dto: CreatePlanDto): Promise<PlanDetail> {
    return this.admin.createPlan(dto);
  }

  @Patch(':code')
  @ApiOperation({ summary: "Change a plan (administrator); new years re-plan the periods and must keep every indicator target's year" })
  update(@Param('code') code: string, @Body() dto: UpdatePlanDto): Promise<PlanDetail> {
    return this.admin.updatePlan(code, dto);
  }

  @Post(':code/sections')
  @ApiOperation({ summary: 'Add a section (appendix) with its capital need; total = state budget + non-state budget' })
  createSection(@Param('code') code: string, @Body() dto: CreateSectionDto): Promise<SectionView> {
    return this.admin.createSection(code, dto);
  }

  @Patch(':code/sections/:sectionCode')
  @ApiOperation({ summary: 'Change a section; the capital must still add up' })
  updateSection(
    @Param('code') code: string,
    @Param('sectionCode') sectionCode: string,
    @Body() dto: UpdateSectionDto,
  ): Promise<SectionView> {
    return this.admin.updateSection(code, sectionCode, dto);
  }
}
