import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { sendDownload } from '../common/download';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { PlanScoped } from '../plans/plan-access.guard';
import { formatIsoDate, zonedDate } from '../common/time-zone';
import { PeriodFinding, PlausibilityService } from '../submissions/plausibility.service';
import { FinalizeConsolidationDto, UpdateConsolidationDto } from './consolidation.dto';
import { ConsolidationsService, ConsolidationView } from './consolidations.service';
import { consolidationDocx, consolidationXlsx } from './report-files';

@ApiTags('consolidation')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class ConsolidationsController {
  constructor(
    private readonly consolidations: ConsolidationsService,
    private readonly clock: Clock,
    private readonly plausibility: PlausibilityService,
  ) {}

  @Post('periods/:id/consolidations')
  @Roles('coordinator')
  @PlanScoped('period')
  @ApiOperation({ summary: 'Build a new version of the consolidated report from the reports as they stand (an immutable snapshot)' })
  build(@Param('id') id: string, @User() user: CurrentUser): Promise<ConsolidationView> {
    return this.consolidations.build(id, user);
  }

  @Get('periods/:id/consolidations')
  @Roles('coordinator', 'leader')
  @PlanScoped('period')
  @ApiOperation({ summary: 'The versions of the consolidated report of a period, newest first' })
  list(@Param('id') id: string) {
    return this.consolidations.list(id);
  }

  @Get('consolidations/:id')
  @Roles('coordinator', 'leader')
  @PlanScoped('consolidation')
  @ApiOperation({
    summary:
      'A consolidated report: figures, the revisions used, the narrative, what changed since the previous version, and `plausibility`: ' +
      "the breaches and warnings of the period's received reports (agency, task, message)",
  })
  async get(@Param('id') id: string): Promise<ConsolidationView & { plausibility: PeriodFinding[] }> {
    const c = await this.consolidations.get(id);
    return { ...c, plausibility: await this.plausibility.periodFindings(c.periodId) };
  }

  @Get('consolidations/:id/report.docx')
  @Roles('coordinator', 'leader')
  @PlanScoped('consolidation')
  @ApiOperation({ summary: 'The "BÁO CÁO" to UBND tỉnh as DOCX (Decree 30/2020 format)' })
  async docx(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const c = await this.consolidations.get(id);
    const bytes = await consolidationDocx(c, formatIsoDate(zonedDate(this.clock.now())));
    sendDownload(
      res,
      bytes,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `bao-cao-tong-hop-v${c.version}.docx`,
    );
  }

  @Get('consolidations/:id/preview.pdf')
  @Roles('coordinator', 'leader')
  @PlanScoped('consolidation')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The consolidated report as a PDF, with the words of the DOCX and the narrative as last saved (a preview)' })
  async previewPdf(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const pdf = await this.consolidations.previewPdf(id);
    sendDownload(res, pdf.bytes, 'application/pdf', pdf.fileName);
  }

  @Get('consolidations/:id/report.xlsx')
  @Roles('coordinator', 'leader')
  @PlanScoped('consolidation')
  @ApiOperation({ summary: 'The tables of the consolidated report as an XLSX workbook' })
  async xlsx(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const c = await this.consolidations.get(id);
    sendDownload(
      res,
      await consolidationXlsx(c),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `bao-cao-tong-hop-v${c.version}.xlsx`,
    );
  }

  @Patch('consolidations/:id')
  @Roles('coordinator')
  @PlanScoped('consolidation')
  @ApiOperation({ summary: 'Edit the narrative (assessment, difficulties, keyTasks, proposals) and the document number' })
  update(@Param('id') id: string, @User() user: CurrentUser, @Body() body: UpdateConsolidationDto): Promise<ConsolidationView> {
    return this.consolidations.update(id, user, body);
  }

  @Post('consolidations/:id/finalize')
  @HttpCode(200)
  @Roles('coordinator')
  @PlanScoped('consolidation')
  @ApiOperation({ summary: '"Đã gửi UBND tỉnh": final, with its number and date; the period locks' })
  finalize(@Param('id') id: string, @User() user: CurrentUser, @Body() body: FinalizeConsolidationDto): Promise<ConsolidationView> {
    return this.consolidations.finalize(id, user, body);
  }
}
