import { formatViDecimal } from '../common/decimal';
import { compareDecimal } from './indicator-target';
import type { Aggregation } from './indicator.entity';

/** An indicator as far as its aggregation rule is concerned. */
export interface IndicatorRule {
  aggregation: Aggregation;
  question: string | null;
  ownerCount: number;
  targets: { value: string; valueTo?: string | null }[];
}

/** A refusal of an indicator's rule, at its field ("question", "ownerAgencyCodes", "targets.0.value"). */
export interface RuleError {
  field: string;
  message: string;
}

/**
 * What makes an indicator's rule impossible: a count of agencies answering yes needs the question
 * each of them answers, and its target cannot exceed the agencies asked; the value of one
 * responsible agency needs exactly one.
 */
export function indicatorRuleErrors(rule: IndicatorRule): RuleError[] {
  const out: RuleError[] = [];
  if (rule.aggregation === 'count_yes') {
    if (!rule.question?.trim())
      out.push({
        field: 'question',
        message: 'Chỉ tiêu đếm số đơn vị trả lời "Có" cần câu hỏi cho từng đơn vị (ví dụ: "Xã đã hoàn thành quy hoạch chung?").',
      });
    rule.targets.forEach((t, i) => {
      const top = t.valueTo ?? t.value;
      if (compareDecimal(top, String(rule.ownerCount)) > 0)
        out.push({
          field: `targets.${i}.${t.valueTo ? 'valueTo' : 'value'}`,
          message: `Mục tiêu ${formatViDecimal(top)} lớn hơn số đơn vị được hỏi (${rule.ownerCount}): chỉ tiêu đếm số đơn vị trả lời "Có" không thể vượt số đơn vị.`,
        });
    });
  }
  if (rule.aggregation === 'single' && rule.ownerCount !== 1)
    out.push({
      field: 'ownerAgencyCodes',
      message: `Chỉ tiêu lấy giá trị của đơn vị phụ trách cần đúng một cơ quan báo cáo (đang có ${rule.ownerCount}).`,
    });
  return out;
}

/** The answer a count-of-yes indicator stores: 1 for Có, 0 for Không. */
export const YES = '1';
export const NO = '0';
