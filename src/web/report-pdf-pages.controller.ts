import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CurrentUser } from '../auth/auth.types';
import { sendDownload } from '../common/download';
import { PlanScoped } from '../plans/plan-access.guard';
import { ReportReceipts } from '../submissions/report-receipt';
import { PageRoles, PageUser } from './page-access';
import { Pages } from './pages';

/** The same readers as the review page (`/reports/:id`). */
const REPORT_READERS = 'Trang này dành cho cán bộ tổng hợp, lãnh đạo theo dõi kế hoạch và đơn vị gửi báo cáo.';

/** The PDF copy of an agency's report as sent, for a signed-in page user (the API's route takes Bearer tokens). */
@Pages()
@Controller()
export class ReportPdfPagesController {
  constructor(private readonly receipts: ReportReceipts) {}

  @Get('reports/:id/report.pdf')
  @PageRoles(['coordinator', 'leader', 'reporter', 'head'], REPORT_READERS)
  @PlanScoped('report')
  async pdf(@Param('id') id: string, @PageUser() user: CurrentUser, @Res() res: Response): Promise<void> {
    const copy = await this.receipts.pdf(id, user);
    res.setHeader('Cache-Control', 'no-store');
    sendDownload(res, copy.bytes, 'application/pdf', copy.fileName);
  }
}
