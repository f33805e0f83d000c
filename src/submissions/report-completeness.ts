import type { FieldError } from '../common/errors';

export interface EntryForCheck {
  role: 'lead' | 'cooperating';
  status: string | null;
  percentComplete: number | null;
  workDone: string | null;
  difficulties: string | null;
  difficultyKind: string | null;
}

/**
 * What CONTRACT.md requires before a report may be sent, each missing item named at its path:
 * for every lead task a status and a percent, and what was done unless not started; a difficulty
 * kind wherever difficulties are written (cooperating tasks too); the overall assessment.
 */
export function missingForSubmission(report: { tasks: EntryForCheck[]; summary: { assessment: string | null } }): FieldError[] {
  const missing: FieldError[] = [];
  report.tasks.forEach((t, i) => {
    const at = (field: string) => `tasks.${i}.${field}`;
    if (t.role === 'lead') {
      if (!t.status) missing.push({ path: at('status'), message: 'Chưa chọn tình trạng thực hiện nhiệm vụ.' });
      if (t.percentComplete === null) missing.push({ path: at('percentComplete'), message: 'Chưa nhập tỷ lệ hoàn thành (%).' });
      if (t.status !== 'not_started' && !t.workDone)
        missing.push({ path: at('workDone'), message: 'Chưa nêu kết quả thực hiện trong kỳ.' });
    }
    if (t.difficulties && !t.difficultyKind)
      missing.push({ path: at('difficultyKind'), message: 'Đã nêu khó khăn, vướng mắc nhưng chưa chọn loại khó khăn.' });
  });
  if (!report.summary.assessment) missing.push({ path: 'summary.assessment', message: 'Chưa có đánh giá chung về kết quả thực hiện.' });
  return missing;
}
