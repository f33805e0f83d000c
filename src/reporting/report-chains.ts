import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Frequency, KindFeed, ReportForm } from './regime.types';
import { RegimesRepository } from './regimes.repository';

const FREQUENCY_WORDS: Record<Frequency, string> = {
  quarterly: 'báo cáo hằng quý',
  semiannual: 'báo cáo 6 tháng',
  annual: 'báo cáo hằng năm',
  'one-off': 'báo cáo một lần',
};

/** The kind that feeds another plan, as the chain's checks see it. */
export interface ChainSource {
  planId: string;
  planCode: string;
  kindCode: string;
  frequency: Frequency;
  form: ReportForm;
  /** The plan's recipient agency (whose report the consolidated report becomes), null when it has none. */
  recipient: { id: string; name: string } | null;
}

/** "BXD-2026-2030 / semiannual" → the plan and kind codes; null when it is not written that way. */
export function parseKindFeed(text: string): KindFeed | null {
  const m = /^\s*([^/\s][^/]*?)\s*\/\s*([A-Za-z0-9_.-]{1,48})\s*$/.exec(text);
  return m ? { planCode: m[1], kindCode: m[2] } : null;
}

/** How a chain is written in the kinds sheet and shown: "BXD-2026-2030 / semiannual". */
export function formatKindFeed(feed: KindFeed): string {
  return `${feed.planCode} / ${feed.kindCode}`;
}

/**
 * Report chains between plans: a kind's final consolidated report feeds a kind of another plan
 * (departments → UBND tỉnh → ministry). The checks one place holds for the import and the regime
 * API: the plan and kind exist, the kind is periodic like this one (periods pair by year and slot),
 * the chain leaves the plan and never comes back, and the plan's recipient is ever among those who
 * owe the fed kind.
 */
@Injectable()
export class ReportChains {
  constructor(private readonly regimes: RegimesRepository) {}

  /** The fed kind's id, or the one reason (Vietnamese) the chain cannot be. */
  async resolve(source: ChainSource, feed: KindFeed, em: EntityManager): Promise<{ kindId: string } | { error: string }> {
    const written = formatKindFeed(feed);
    if (source.frequency === 'one-off' || source.form !== 'tasks')
      return { error: 'Chỉ báo cáo định kỳ theo nhiệm vụ có báo cáo tổng hợp để gửi tiếp; báo cáo một lần không gửi tiếp được.' };
    if (feed.planCode === source.planCode)
      return { error: `"${written}": báo cáo tổng hợp không gửi tiếp vào chính kế hoạch này; ghi loại báo cáo của kế hoạch cấp trên.` };
    const target = await this.regimes.feedTarget(feed.planCode, feed.kindCode, em);
    if (!target)
      return {
        error: `Không có kế hoạch mã "${feed.planCode}" để gửi tiếp báo cáo tổng hợp; hãy nhập kế hoạch cấp trên trước, rồi ghi "mã kế hoạch / mã loại báo cáo" (ví dụ "BXD-2026-2030 / semiannual").`,
      };
    if (!target.kind_id) return { error: `Kế hoạch ${target.plan_code} không có loại báo cáo mã "${feed.kindCode}".` };
    if (target.frequency !== source.frequency || target.form !== 'tasks')
      return {
        error:
          `Loại báo cáo "${feed.kindCode}" của kế hoạch ${target.plan_code} là ${FREQUENCY_WORDS[target.frequency!]}, ` +
          `khác loại này (${FREQUENCY_WORDS[source.frequency]}); chỉ gửi tiếp vào loại báo cáo cùng tần suất để ghép kỳ theo năm và kỳ.`,
      };
    if ((await this.regimes.chainPlanIds(target.kind_id, em)).includes(source.planId))
      return {
        error: `"${written}" tạo thành vòng: báo cáo của kế hoạch ${target.plan_code} lại gửi tiếp (trực tiếp hoặc qua kế hoạch khác) về kế hoạch ${source.planCode}.`,
      };
    if (!source.recipient)
      return {
        error: `Kế hoạch ${source.planCode} chưa có cơ quan nhận báo cáo (trang "Kế hoạch"); báo cáo tổng hợp gửi tiếp thành báo cáo của cơ quan đó.`,
      };
    if (!(await this.regimes.kindCouldBeOwedBy(target.kind_id, source.recipient.id, em)))
      return {
        error:
          `${source.recipient.name} (cơ quan nhận báo cáo của kế hoạch ${source.planCode}) không phải báo cáo "${feed.kindCode}" ` +
          `trong kế hoạch ${target.plan_code}; hãy thêm cơ quan này vào "Cơ quan phải báo cáo" của loại báo cáo đó.`,
      };
    return { kindId: target.kind_id };
  }
}
