import { missingForSubmission } from '../submissions/report-completeness';
import type { ReportView } from '../submissions/report-view';

/** A link to a field of the report form: its anchor and what it says. */
export interface FieldLink {
  href: string;
  label: string;
}

/** How far the form is from sendable: lead tasks with all they need, and a link to each item missing. */
export interface FormProgress {
  done: number;
  total: number;
  missing: FieldLink[];
}

/** The id a field of the report form carries: its path with dashes ("tasks.3.percentComplete" → "tasks-3-percentComplete"). */
export const fieldId = (path: string): string => path.replace(/\./g, '-');

const taskIndex = (path: string): number | null => {
  const m = /^tasks\.(\d+)\./.exec(path);
  return m ? Number(m[1]) : null;
};

/**
 * The progress bar above the form: "3/4 nhiệm vụ chủ trì đã đủ thông tin — còn thiếu: II.1.(2),
 * Đánh giá chung", each missing item a link to its first empty field. The same rule as the
 * submission (missingForSubmission), on the report as saved.
 */
export function formProgress(report: ReportView): FormProgress | null {
  const leads = report.tasks.map((t, i) => ({ t, i })).filter((x) => x.t.role === 'lead');
  if (leads.length === 0) return null;
  const missing = missingForSubmission(report);
  const firstMissing = new Map<number, string>();
  for (const m of missing) {
    const i = taskIndex(m.path);
    if (i !== null && report.tasks[i]?.role === 'lead' && !firstMissing.has(i)) firstMissing.set(i, m.path);
  }
  const links: FieldLink[] = leads
    .filter((x) => firstMissing.has(x.i))
    .map((x) => ({ href: `#${fieldId(firstMissing.get(x.i)!)}`, label: x.t.taskCode }));
  if (missing.some((m) => m.path === 'summary.assessment')) links.push({ href: '#summary-assessment', label: 'Đánh giá chung' });
  return { done: leads.length - firstMissing.size, total: leads.length, missing: links };
}

const FIELD_NAMES: Record<string, string> = {
  status: 'tình trạng',
  percentComplete: 'tỷ lệ hoàn thành',
  capitalAllocated: 'vốn được bố trí',
  capitalAllocatedStateBudget: 'vốn NSNN được bố trí',
  capitalDisbursed: 'vốn đã giải ngân',
  capitalDisbursedStateBudget: 'vốn NSNN đã giải ngân',
  workDone: 'kết quả thực hiện',
  difficulties: 'khó khăn, vướng mắc',
  difficultyKind: 'loại khó khăn',
  resolvingLevel: 'cấp giải quyết',
  proposals: 'đề xuất, kiến nghị',
  nextSteps: 'nhiệm vụ kỳ tới',
};

/**
 * Every refusal of a save or a submission as a link to its field, in the form's order, saying
 * where in plain words: "Nhiệm vụ II.1.(2) – tỷ lệ hoàn thành: Chưa nhập tỷ lệ hoàn thành (%)."
 */
export function errorLinks(report: ReportView, errors: Record<string, string>): FieldLink[] {
  return Object.entries(errors).map(([path, message]) => {
    const i = taskIndex(path);
    const field = path.split('.').pop() ?? '';
    let where: string;
    if (i !== null && report.tasks[i]) where = `Nhiệm vụ ${report.tasks[i].taskCode} – ${FIELD_NAMES[field] ?? field}`;
    else if (path.startsWith('indicators.')) where = `Chỉ tiêu ${report.indicators[Number(path.split('.')[1])]?.name ?? ''}`.trim();
    else if (path.startsWith('summary.')) where = report.form === 'document' ? 'Trích yếu' : 'Đánh giá chung';
    else if (path.startsWith('officialLetter.')) where = 'Văn bản';
    else if (path === 'attachments') where = 'Văn bản đính kèm';
    else where = 'Báo cáo';
    return { href: `#${fieldId(path)}`, label: `${where}: ${message}` };
  });
}
