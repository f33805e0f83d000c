import { AuditWrites } from '../audit/audit-writes';
import { Body, Controller, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { Roles } from '../auth/auth.decorators';
import { CreateReportKindDto, UpdateReportKindDto } from './dto/report-kind.dto';
import { UpdateRegimeDto } from './dto/regime.dto';
import { RegimeAdminService } from './regime-admin.service';
import { RegimeView, ReportKindView } from './reporting.service';

/** A plan's reporting regime as data: report kinds, their rules and who owes them. */
@ApiTags('reporting (administration)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('administrator')
@AuditWrites('regime')
@Controller('api/plans/:code')
export class RegimeAdminController {
  constructor(private readonly admin: RegimeAdminService) {}

  @Patch('regime')
  @ApiOperation({ summary: "Change the plan's regime, creating it (code DEFAULT) when the plan has none; answers GET /regime's shape" })
  updateRegime(@Param('code') code: string, @Body() dto: UpdateRegimeDto): Promise<RegimeView[]> {
    return this.admin.updateRegime(code, dto);
  }

  @Post('report-kinds')
  @ApiOperation({ summary: 'Add a report kind; the periods are planned at once over the plan years (Asia/Ho_Chi_Minh)' })
  createKind(@Param('code') code: string, @Body() dto: CreateReportKindDto): Promise<ReportKindView> {
    return this.admin.createKind(code, dto);
  }

  @Patch('report-kinds/:kindCode')
  @ApiOperation({ summary: 'Change a report kind; its periods are re-planned in the same transaction' })
  updateKind(@Param('code') code: string, @Param('kindCode') kindCode: string, @Body() dto: UpdateReportKindDto): Promise<ReportKindView> {
    return this.admin.updateKind(code, kindCode, dto);
  }
}
