import { sendDownload } from '../common/download';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { registerFastCheck } from '../common/validation';
import { Roles, User } from '../auth/auth.decorators';
import { AuthGuard } from '../auth/auth.guard';
import type { CurrentUser } from '../auth/auth.types';
import { PlanScoped } from '../plans/plan-access.guard';
import { ReopenReportDto, ReturnReportDto, SaveReportDto } from './dto/report.dto';
import { fastSaveReport } from './dto/save-report.fast';
import { PeriodStatus, PeriodStatusService } from './period-status.service';
import { ReportReceipts } from './report-receipt';
import { ReportView } from './report-view';
import { ReportsService } from './reports.service';

// The save is the hot route on a deadline morning: its body is checked in one pass (the same rules).
registerFastCheck(SaveReportDto, fastSaveReport);

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly status: PeriodStatusService,
    private readonly audit: AuditService,
    private readonly receipts: ReportReceipts,
  ) {}

  @Get('periods/:id/my-report')
  @PlanScoped('period')
  @Roles('reporter', 'head')
  @ApiOperation({ summary: "The agency's report for the period (a draft is created on first read)" })
  my(@Param('id') id: string, @User() user: CurrentUser): Promise<ReportView> {
    return this.reports.myReport(id, user);
  }

  @Put('periods/:id/my-report')
  @PlanScoped('period')
  @Roles('reporter', 'head')
  @ApiOperation({ summary: 'Save the draft: the shape GET gives, read-only fields ignored; 409 when the version is stale' })
  save(@Param('id') id: string, @User() user: CurrentUser, @Body() body: SaveReportDto): Promise<ReportView> {
    return this.reports.save(id, user, body);
  }

  @Post('periods/:id/my-report/submit')
  @PlanScoped('period')
  @HttpCode(200)
  @Roles('reporter', 'head')
  @ApiOperation({ summary: 'Send the report: 422 naming what is missing, 409 when already sent' })
  submit(@Param('id') id: string, @User() user: CurrentUser): Promise<ReportView> {
    return this.reports.submit(id, user);
  }

  @Post('periods/:id/my-report/attachments')
  @PlanScoped('period')
  @Roles('reporter', 'head')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Attach a file (PDF, PNG, JPEG, DOCX, XLSX, judged by content): 201; 413 too large; 415 other types' })
  attach(@Param('id') id: string, @User() user: CurrentUser, @UploadedFile() file?: Express.Multer.File) {
    return this.reports.addAttachment(id, user, file);
  }

  @Get('reports/:id/attachments/:attachmentId')
  @PlanScoped('report')
  @ApiOperation({ summary: 'Download an attachment (always as a download, never shown inline)' })
  async download(
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @User() user: CurrentUser,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.reports.attachment(id, attachmentId, user);
    sendDownload(res, file.bytes, file.mediaType, file.name, 'attachment');
  }

  @Get('periods/:id/status')
  @PlanScoped('period')
  @Roles('coordinator', 'leader')
  @ApiOperation({ summary: 'Who reported: expected, submitted (on time, late), missing, returned, accepted' })
  periodStatus(@Param('id') id: string): Promise<PeriodStatus> {
    return this.status.status(id);
  }

  @Get('reports/:id')
  @PlanScoped('report')
  @ApiOperation({ summary: 'A report with its revisions and history (coordinator, leader, its own agency)' })
  get(@Param('id') id: string, @User() user: CurrentUser) {
    return this.reports.get(id, user);
  }

  @Get('reports/:id/report.pdf')
  @PlanScoped('report')
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: 'The PDF copy of the report as last sent, with its receipt reference (who may read the report; 404 before it is sent)',
  })
  async pdf(@Param('id') id: string, @User() user: CurrentUser, @Res() res: Response): Promise<void> {
    const copy = await this.receipts.pdf(id, user);
    res.setHeader('Cache-Control', 'no-store');
    sendDownload(res, copy.bytes, 'application/pdf', copy.fileName);
  }

  @Get('reports/:id/revisions/:number')
  @PlanScoped('report')
  @ApiOperation({ summary: 'A revision exactly as it was sent' })
  revision(@Param('id') id: string, @Param('number', ParseIntPipe) number: number, @User() user: CurrentUser) {
    return this.reports.revision(id, number, user);
  }

  @Get('reports/:id/audit')
  @PlanScoped('report')
  @Roles('coordinator')
  @ApiOperation({ summary: 'The audit log of a report: every state change, who, when, from where' })
  async auditLog(@Param('id') id: string, @User() user: CurrentUser) {
    await this.reports.get(id, user); // 404 for an unknown report
    return this.audit.forEntity('report', id);
  }

  @Get('reports/:id/revisions/:number/changes')
  @PlanScoped('report')
  @ApiOperation({ summary: 'What changed in this submission against the one before it, field by field' })
  changes(@Param('id') id: string, @Param('number', ParseIntPipe) number: number, @User() user: CurrentUser) {
    return this.reports.revisionChanges(id, number, user);
  }

  @Post('reports/:id/return')
  @PlanScoped('report')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Return a submitted report to its agency with a comment' })
  returnReport(@Param('id') id: string, @User() user: CurrentUser, @Body() body: ReturnReportDto): Promise<ReportView> {
    return this.reports.review(id, user, 'returned', body.comment);
  }

  @Post('reports/:id/reopen')
  @PlanScoped('report')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({
    summary: 'Let the agency change its report again (after acceptance or once the period is locked), with a recorded reason',
  })
  reopen(@Param('id') id: string, @User() user: CurrentUser, @Body() body: ReopenReportDto): Promise<ReportView> {
    return this.reports.reopen(id, user, body.reason);
  }

  @Post('reports/:id/accept')
  @PlanScoped('report')
  @HttpCode(200)
  @Roles('coordinator')
  @ApiOperation({ summary: 'Accept a submitted report' })
  accept(@Param('id') id: string, @User() user: CurrentUser): Promise<ReportView> {
    return this.reports.review(id, user, 'accepted', null);
  }
}
