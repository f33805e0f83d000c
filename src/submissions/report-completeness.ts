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

/**
 * What a document report (a one-off kind of form 'document': the signed letter) needs before it is
 * sent: the letter's number and symbol, its summary (trích yếu), and the letter itself attached.
 */
export function missingForDocument(report: {
  officialLetter: { number: string | null } | null;
  summary: { assessment: string | null };
  attachments: unknown[];
}): FieldError[] {
  const missing: FieldError[] = [];
  if (!report.officialLetter?.number)
    missing.push({ path: 'officialLetter.number', message: 'Chưa nhập số, ký hiệu văn bản (ví dụ "125-CTr/ĐU").' });
  if (!report.summary.assessment) missing.push({ path: 'summary.assessment', message: 'Chưa nhập trích yếu nội dung văn bản.' });
  if (report.attachments.length === 0)
    missing.push({ path: 'attachments', message: 'Chưa đính kèm văn bản đã ký (tệp PDF, ảnh, Word hoặc Excel).' });
  return missing;
}
