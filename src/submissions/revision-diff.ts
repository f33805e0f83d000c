import type { ReportView } from './report-view';

export interface FieldChange {
  /** Where the change is, e.g. "II.2.(1).a · Tình trạng" or "Đánh giá chung". */
  where: string;
  field: string;
  before: unknown;
  after: unknown;
}

const TASK_FIELDS: Record<string, string> = {
  status: 'Tình trạng',
  percentComplete: 'Tỷ lệ hoàn thành (%)',
  capitalAllocated: 'Vốn được bố trí',
  capitalAllocatedStateBudget: 'Vốn NSNN được bố trí',
  capitalDisbursed: 'Vốn đã giải ngân',
  capitalDisbursedStateBudget: 'Vốn NSNN đã giải ngân',
  workDone: 'Kết quả thực hiện',
  difficulties: 'Khó khăn, vướng mắc',
  difficultyKind: 'Loại khó khăn',
  resolvingLevel: 'Cấp giải quyết',
  proposals: 'Đề xuất, kiến nghị',
  nextSteps: 'Nhiệm vụ kỳ tới',
};
const SUMMARY_FIELDS: Record<string, string> = {
  assessment: 'Đánh giá chung',
  difficulties: 'Khó khăn, vướng mắc chung',
  proposals: 'Đề xuất, kiến nghị chung',
};

type Snapshot = Pick<ReportView, 'tasks' | 'indicators' | 'summary' | 'officialLetter'>;

/** What changed between two submissions of a report, field by field, in the order of the form. */
export function diffRevisions(before: Snapshot, after: Snapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  const push = (where: string, field: string, a: unknown, b: unknown) => {
    if ((a ?? null) !== (b ?? null)) changes.push({ where, field, before: a ?? null, after: b ?? null });
  };
  const old = new Map(before.tasks.map((t) => [t.taskCode, t]));
  for (const t of after.tasks) {
    const o = old.get(t.taskCode);
    for (const [key, label] of Object.entries(TASK_FIELDS)) {
      push(t.taskCode, label, o ? (o as unknown as Record<string, unknown>)[key] : null, (t as unknown as Record<string, unknown>)[key]);
    }
  }
  const oldIndicators = new Map(before.indicators.map((i) => [i.indicatorCode, i.value]));
  for (const i of after.indicators) push(`Chỉ tiêu ${i.indicatorCode}`, i.name, oldIndicators.get(i.indicatorCode), i.value);
  for (const [key, label] of Object.entries(SUMMARY_FIELDS)) {
    push('Đánh giá chung', label, (before.summary as Record<string, unknown>)[key], (after.summary as Record<string, unknown>)[key]);
  }
  push('Văn bản', 'Số văn bản', before.officialLetter?.number, after.officialLetter?.number);
  push('Văn bản', 'Ngày văn bản', before.officialLetter?.date, after.officialLetter?.date);
  return changes;
}
