import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError } from '../common/errors';
import { COMPARATOR_LABELS, Comparator } from '../plans/indicator-target.entity';
import type { AgencyRef } from '../plans/plan-views';
import { PlansService } from '../plans/plans.service';
import { ReportingService } from '../reporting/reporting.service';
import { PageRenderer } from './page-renderer';

const STATE_LABELS: Record<string, string> = {
  upcoming: 'Chưa đến kỳ',
  open: 'Đang nhận báo cáo',
  due: 'Quá hạn gửi, đang tổng hợp',
  closed: 'Đã kết thúc',
};

/** Server-rendered pages; the plan as published is public information. */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly plans: PlansService,
    private readonly reporting: ReportingService,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async home(): Promise<string> {
    return this.pages.render('plans', { title: 'Kế hoạch', plans: await this.plans.list() });
  }

  @Get('plans/:code')
  async plan(@Param('code') code: string, @Res() res: Response): Promise<void> {
    res.type('html');
    try {
      const plan = await this.plans.get(code);
      const [tasks, periods, indicators] = await Promise.all([
        this.plans.tasks(code),
        this.reporting.periods(plan.id),
        this.plans.indicators(code),
      ]);
      const sections = plan.sections.map((s) => ({
        ...s,
        tasks: tasks
          .filter((t) => t.sectionCode === s.code)
          .map((t) => ({ ...t, leadText: this.leadText(t.lead) })),
      }));
      res.send(
        this.pages.render('plan', {
          title: plan.title,
          plan,
          sections,
          periods: periods.map((p) => ({ ...p, stateLabel: STATE_LABELS[p.state] })),
          indicators: indicators.map((i) => ({
            ...i,
            targets: i.targets.map((t) => ({ ...t, comparatorLabel: COMPARATOR_LABELS[t.comparator as Comparator] ?? '' })),
          })),
        }),
      );
    } catch (error) {
      if (error instanceof AppError && error.status === 404) {
        res.status(404).send(this.pages.render('error', { title: 'Không tìm thấy kế hoạch', message: error.message }));
        return;
      }
      throw error;
    }
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const body = this.pages.asset(name);
    if (body === null) throw AppError.notFound('Không tìm thấy tệp.');
    res.type(name.endsWith('.css') ? 'text/css' : 'application/javascript').setHeader('Cache-Control', 'public, max-age=300');
    res.send(body);
  }

  /** "UBND 53 xã" reads better than 53 names when every commune leads its own part. */
  private leadText(lead: AgencyRef[]): string {
    const communes = lead.filter((a) => a.kind === 'commune');
    const wards = lead.filter((a) => a.kind === 'ward');
    const parts = lead.filter((a) => a.kind !== 'commune' && a.kind !== 'ward').map((a) => a.shortName);
    if (communes.length + wards.length > 5) {
      const counted = [communes.length ? `${communes.length} xã` : '', wards.length ? `${wards.length} phường` : ''].filter(Boolean).join(', ');
      parts.push(`UBND ${counted} (mỗi địa phương chủ trì phần việc của mình)`);
    } else parts.push(...[...wards, ...communes].map((a) => `UBND ${a.kind === 'ward' ? 'phường' : 'xã'} ${a.shortName}`));
    return parts.join('; ');
  }
}
