import { formatViDecimal, normalizeDecimal } from '../common/decimal';

/**
 * Plausibility rules on one task entry of an agency's report (money in tỷ đồng, decimal strings,
 * never a float). An error refuses the save and the submission; a warning never refuses, it is
 * shown on the form and listed for the coordinator before the consolidated document is produced.
 */

/** The figures of an entry the rules look at (as stored, or as they will be once saved). */
export interface EntryFigures {
  percentComplete: number | null;
  capitalAllocated: string | null;
  capitalAllocatedStateBudget: string | null;
  capitalDisbursed: string | null;
  capitalDisbursedStateBudget: string | null;
}

/** What the plan says the entry's task needs: its own capital need, and its section's. */
export interface EntryNeed {
  taskNeed: string | null;
  sectionCode: string | null;
  sectionNeed: string | null;
}

export type PlausibilityField = keyof EntryFigures;

export type PlausibilityCode =
  | 'DISBURSED_OVER_ALLOCATED'
  | 'ALLOCATED_STATE_BUDGET_OVER_TOTAL'
  | 'DISBURSED_STATE_BUDGET_OVER_TOTAL'
  | 'PERCENT_OUT_OF_RANGE'
  | 'AMOUNT_NEGATIVE'
  | 'AMOUNT_TOO_LARGE'
  | 'OVER_TASK_NEED'
  | 'OVER_SECTION_NEED'
  | 'ANSWER_NOT_YES_NO';

export interface PlausibilityFinding {
  severity: 'error' | 'warning';
  field: PlausibilityField;
  code: PlausibilityCode;
  message: string;
}

/** A finding placed at a field of the request or the report ("tasks.3.capitalDisbursed"). */
export interface PathFinding {
  path: string;
  code: PlausibilityCode;
  message: string;
}

/** No single task of a provincial plan is given 100 nghìn tỷ đồng in one period: such a figure is a unit mistake. */
export const AMOUNT_MAX = '100000';

export const MONEY_FIELDS: readonly PlausibilityField[] = [
  'capitalAllocated',
  'capitalAllocatedStateBudget',
  'capitalDisbursed',
  'capitalDisbursedStateBudget',
];

const MONEY_LABELS: Record<string, string> = {
  capitalAllocated: 'Vốn đã bố trí',
  capitalAllocatedStateBudget: 'Vốn ngân sách nhà nước đã bố trí',
  capitalDisbursed: 'Vốn đã giải ngân',
  capitalDisbursedStateBudget: 'Vốn ngân sách nhà nước đã giải ngân',
};

/**
 * Compares two decimal strings digit by digit (no float): -1, 0 or 1. Signs are honoured;
 * "1200.50" equals "1200.5".
 */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = normalizeDecimal(a);
  const y = normalizeDecimal(b);
  const negX = x.startsWith('-');
  const negY = y.startsWith('-');
  if (negX !== negY) return negX ? -1 : 1;
  const magnitude = compareMagnitude(negX ? x.slice(1) : x, negY ? y.slice(1) : y);
  return (negX ? -magnitude : magnitude) as -1 | 0 | 1;
}

function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const len = Math.max(af.length, bf.length);
  const fa = af.padEnd(len, '0');
  const fb = bf.padEnd(len, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

const vi = (v: string) => formatViDecimal(v);
const stated = (v: string | null | undefined): v is string => v !== null && v !== undefined && v.trim() !== '';
/** A need of 0 (or none) is a need the plan did not state: nothing to compare with. */
const positive = (v: string | null | undefined): v is string => stated(v) && compareDecimal(v, '0') > 0;

/** Every error and warning of one entry, in the order of the form's fields. */
export function checkEntry(figures: EntryFigures, need: EntryNeed): PlausibilityFinding[] {
  const out: PlausibilityFinding[] = [];
  const error = (field: PlausibilityField, code: PlausibilityCode, message: string) =>
    out.push({ severity: 'error', field, code, message });
  const p = figures.percentComplete;
  if (p !== null && p !== undefined && (!Number.isFinite(p) || p < 0 || p > 100)) {
    error('percentComplete', 'PERCENT_OUT_OF_RANGE', `Tỷ lệ hoàn thành (${p}%) phải từ 0 đến tối đa 100%.`);
  }
  const bad = new Set<PlausibilityField>();
  for (const field of MONEY_FIELDS) {
    const v = figures[field] as string | null;
    if (!stated(v)) continue;
    if (v.trim().startsWith('-')) {
      error(field, 'AMOUNT_NEGATIVE', `${MONEY_LABELS[field]} (${vi(v)}) không được là số âm.`);
      bad.add(field);
    } else if (compareDecimal(v, AMOUNT_MAX) > 0) {
      error(
        field,
        'AMOUNT_TOO_LARGE',
        `${MONEY_LABELS[field]} (${vi(v)} tỷ đồng) vượt mức hợp lý cho một nhiệm vụ (tối đa ${vi(AMOUNT_MAX)} tỷ đồng); số liệu tính bằng tỷ đồng.`,
      );
      bad.add(field);
    }
  }
  const ok = (field: PlausibilityField): string | null => {
    const v = figures[field] as string | null;
    return stated(v) && !bad.has(field) ? v : null;
  };
  const allocated = ok('capitalAllocated');
  const allocatedState = ok('capitalAllocatedStateBudget');
  const disbursed = ok('capitalDisbursed');
  const disbursedState = ok('capitalDisbursedStateBudget');
  if (allocated && allocatedState && compareDecimal(allocatedState, allocated) > 0) {
    error(
      'capitalAllocatedStateBudget',
      'ALLOCATED_STATE_BUDGET_OVER_TOTAL',
      `Vốn ngân sách nhà nước đã bố trí (${vi(allocatedState)}) không được lớn hơn tổng vốn đã bố trí (${vi(allocated)}).`,
    );
  }
  if (allocated && disbursed && compareDecimal(disbursed, allocated) > 0) {
    error(
      'capitalDisbursed',
      'DISBURSED_OVER_ALLOCATED',
      `Giải ngân (${vi(disbursed)}) không được lớn hơn vốn đã bố trí (${vi(allocated)}).`,
    );
  }
  if (disbursed && disbursedState && compareDecimal(disbursedState, disbursed) > 0) {
    error(
      'capitalDisbursedStateBudget',
      'DISBURSED_STATE_BUDGET_OVER_TOTAL',
      `Giải ngân vốn ngân sách nhà nước (${vi(disbursedState)}) không được lớn hơn tổng vốn đã giải ngân (${vi(disbursed)}).`,
    );
  }
  if (allocated) {
    if (positive(need.taskNeed)) {
      if (compareDecimal(allocated, need.taskNeed) > 0) {
        out.push({
          severity: 'warning',
          field: 'capitalAllocated',
          code: 'OVER_TASK_NEED',
          message: `${vi(allocated)} tỷ đồng bố trí cho nhiệm vụ vượt nhu cầu vốn ${vi(need.taskNeed)} tỷ đồng của nhiệm vụ; đề nghị kiểm tra lại (số liệu tính bằng tỷ đồng).`,
        });
      }
    } else if (positive(need.sectionNeed) && compareDecimal(allocated, need.sectionNeed) > 0) {
      out.push({
        severity: 'warning',
        field: 'capitalAllocated',
        code: 'OVER_SECTION_NEED',
        message: `${vi(allocated)} tỷ đồng bố trí cho nhiệm vụ vượt nhu cầu vốn ${vi(need.sectionNeed)} tỷ đồng của cả lĩnh vực${need.sectionCode ? ` ${need.sectionCode}` : ''}; đề nghị kiểm tra lại (số liệu tính bằng tỷ đồng).`,
      });
    }
  }
  return out;
}

/** The findings of an entry at its path ("tasks.2."), split into errors and warnings. */
export function placeFindings(findings: PlausibilityFinding[], prefix: string): { errors: PathFinding[]; warnings: PathFinding[] } {
  const at = (f: PlausibilityFinding): PathFinding => ({ path: `${prefix}${f.field}`, code: f.code, message: f.message });
  return {
    errors: findings.filter((f) => f.severity === 'error').map(at),
    warnings: findings.filter((f) => f.severity === 'warning').map(at),
  };
}

/** An indicator value as the rules see it: its rule, unit and the value as saved. */
export interface IndicatorFigure {
  aggregation: string;
  unit: string;
  value: string | null;
}

/**
 * What makes an indicator value impossible (always an error): a count of agencies answering yes
 * takes this agency's answer, 1 (Có) or 0 (Không), never a count; a percentage is at most 100 (the
 * save's decimal format already refuses a negative value).
 */
export function checkIndicatorValue(i: IndicatorFigure): { code: PlausibilityCode; message: string } | null {
  if (i.value === null) return null;
  const value = normalizeDecimal(i.value);
  if (i.aggregation === 'count_yes')
    return value === '0' || value === '1'
      ? null
      : { code: 'ANSWER_NOT_YES_NO', message: 'Chọn "Có" hoặc "Không": chỉ tiêu này hỏi riêng đơn vị mình, không nhập số lượng.' };
  if (i.unit.trim() === '%' && compareDecimal(value, '100') > 0)
    return { code: 'PERCENT_OUT_OF_RANGE', message: `Tỷ lệ tối đa 100%, không phải ${formatViDecimal(value)}%.` };
  return null;
}
