import { Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { sendDownload } from '../../common/download';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthGuard } from '../../auth/auth.guard';
import { Roles, User } from '../../auth/auth.decorators';
import type { CurrentUser } from '../../auth/auth.types';
import { AppError } from '../../common/errors';
import { PlanScoped } from '../plan-access.guard';
import { PlanDocumentReader } from './plan-document-reader';
import { ImportResult, PlanImportService } from './plan-import.service';
import { planWorkbook } from './workbook-files';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function sendXlsx(res: Response, fileName: string, bytes: Buffer): void {
  sendDownload(res, bytes, XLSX_TYPE, fileName, 'plan.xlsx');
}

/** The plan workbook: template, import (run by a worker; the request waits) and export. */
@ApiTags('plans (import and export)')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/plans')
export class PlanWorkbookController {
  constructor(
    private readonly imports: PlanImportService,
    private readonly documents: PlanDocumentReader,
  ) {}

  @Get('import/template.xlsx')
  @Roles('administrator')
  @ApiOperation({ summary: 'The empty import workbook with its guide sheet' })
  async template(@Res() res: Response): Promise<void> {
    sendXlsx(res, 'mau-nhap-ke-hoach.xlsx', await planWorkbook(null));
  }

  @Post('import')
  @HttpCode(200)
  @Roles('administrator')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'dryRun', required: false, description: 'true: show what would change, save nothing' })
  @ApiOperation({
    summary: 'Import a plan workbook: 200 {plan, changes, errors: []}; 422 with errors by sheet, row and column, nothing saved',
  })
  async import(
    @Query('dryRun') dryRun: string | undefined,
    @User() user: CurrentUser,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<ImportResult & { importId: string }> {
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw AppError.field('dryRun', 'dryRun phải là true hoặc false.');
    const id = await this.imports.start(file, dryRun === 'true', user);
    const view = await this.imports.waitFor(id);
    if (view.state === 'queued' || view.state === 'running') {
      throw new AppError(503, 'IMPORT_PENDING', 'Việc nhập vẫn đang chạy; xem kết quả tại trang quản trị.').withRetryAfter(10);
    }
    const result = { importId: id, ...(view.result as ImportResult) };
    if (view.state !== 'done') {
      throw new AppError(422, 'IMPORT_REFUSED', 'Bảng tính có lỗi; chưa có gì được lưu.', []).withBody(result);
    }
    return result;
  }

  @Get(':code/export.xlsx')
  @Roles('coordinator', 'administrator')
  @PlanScoped('plan')
  @ApiOperation({ summary: 'The plan in the import layout' })
  async export(@Param('code') code: string, @Res() res: Response): Promise<void> {
    const doc = await this.documents.load(code);
    if (!doc) throw AppError.notFound(`Không tìm thấy kế hoạch "${code}".`, 'PLAN_NOT_FOUND');
    sendXlsx(res, `${doc.plan.code}.xlsx`, await planWorkbook(doc));
  }
}
