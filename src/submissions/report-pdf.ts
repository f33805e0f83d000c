import { formatViDecimal } from '../common/decimal';
import { A4_MARGINS as MARGINS, cleanPdfText as clean, createPdf, PdfFont } from '../common/pdf';
import { formatViDatePadded, parseIsoDate, toZonedIso, zonedDate } from '../common/time-zone';
import { formatTarget } from '../plans/indicator-target';
import { NO, YES } from '../plans/indicator-rules';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS, TASK_STATUS_LABELS } from './report.constants';
import type { IndicatorValueView, ReportView, TaskEntryView } from './report-view';

/** What the copy says around the report itself. */
export interface ReportPdfContext {
  planName: string;
  /** The agency that sent the report. */
  senderName: string;
  /** The plan's coordinating agency, to whom the report is addressed ("Sở Xây dựng"). */
  receiverName: string;
  /** When this revision was sent; null for a report never sent (then marked as a draft). */
  sentAt: Date | null;
  /** The receipt's reference (`receiptReference`). */
  reference: string;
  generatedAt: Date;
}

const BODY_SIZE = 11;
const SMALL_SIZE = 8.5;

/** "HH:mm ngày dd/mm/yyyy" in Asia/Ho_Chi_Minh, whatever the process's zone. */
export function formatSentTime(instant: Date): string {
  const iso = toZonedIso(instant);
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** A stored date ('2026-05-15') as dd/mm/yyyy; what was stored when it is not a date. */
function formatDate(value: string | null): string | null {
  if (!value) return null;
  const date = parseIsoDate(value.slice(0, 10));
  return date ? formatViDatePadded(date) : value;
}

/** "12,5 tỷ đồng" from a decimal string, never through a float. */
function money(value: string | null): string | null {
  return value === null || value === undefined || value === '' ? null : `${formatViDecimal(value)} tỷ đồng`;
}

/** "12,5 tỷ đồng (ngân sách nhà nước: 10 tỷ đồng)"; null when neither is stated. */
function capital(total: string | null, stateBudget: string | null): string | null {
  const t = money(total);
  const s = money(stateBudget);
  if (!t && !s) return null;
  return s ? `${t ?? 'chưa nêu tổng số'} (ngân sách nhà nước: ${s})` : t;
}

/** The answer of an indicator as the copy prints it. */
function indicatorLine(i: IndicatorValueView): { label: string; answer: string } {
  const unit = clean(i.unit);
  if (i.aggregation === 'count_yes') {
    const answer = i.value === YES ? 'Có' : i.value === NO ? 'Không' : 'Chưa trả lời';
    return { label: clean(i.question) || clean(i.name), answer };
  }
  const target = i.targetSpec
    ? formatTarget(i.targetSpec, unit)
    : i.target
      ? `${formatViDecimal(i.target)}${unit ? ` ${unit}` : ''}`
      : null;
  const value = i.value === null || i.value === undefined ? 'chưa báo cáo' : `${formatViDecimal(i.value)}${unit ? ` ${unit}` : ''}`;
  return { label: clean(i.name), answer: target ? `${value} (mục tiêu: ${target})` : value };
}

/** Writes the document; every call moves the cursor down (pdfkit's flow layout). */
class ReportWriter {
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.width = doc.page.width - MARGINS.left - MARGINS.right;
  }

  private font(name: PdfFont, size = BODY_SIZE): PDFKit.PDFDocument {
    return this.doc.font(name).fontSize(size);
  }

  /** A new page when less than `height` points are left, so that a heading never ends a page. */
  private keep(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGINS.bottom) this.doc.addPage();
  }

  centered(text: string, font: PdfFont, size: number, gap = 2): void {
    this.font(font, size).text(text, MARGINS.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.y += gap;
  }

  rule(length = 120): void {
    const x = MARGINS.left + (this.width - length) / 2;
    const y = this.doc.y + 2;
    this.doc
      .moveTo(x, y)
      .lineTo(x + length, y)
      .lineWidth(0.6)
      .stroke();
    this.doc.y = y + 8;
  }

  heading(text: string): void {
    this.keep(60);
    this.doc.moveDown(0.6);
    this.font('bold', 12).text(text, MARGINS.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  subheading(text: string): void {
    this.keep(48);
    this.doc.moveDown(0.3);
    this.font('bold', BODY_SIZE).text(text, MARGINS.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  /** "Label: value" with the label in bold; nothing when there is no value, unless `always`. */
  field(label: string, value: string | null, indent = 0, always = false): void {
    const text = clean(value);
    if (!text && !always) return;
    this.keep(28);
    const x = MARGINS.left + indent;
    const separator = /[?:]$/.test(label) ? ' ' : ': ';
    this.font('bold').text(`${label}${separator}`, x, this.doc.y, { width: this.width - indent, continued: true });
    this.font(text ? 'regular' : 'italic').text(text || 'không có', { width: this.width - indent });
    this.doc.moveDown(0.15);
  }

  paragraph(text: string, font: PdfFont = 'regular', indent = 0): void {
    this.keep(20);
    this.font(font).text(clean(text), MARGINS.left + indent, this.doc.y, { width: this.width - indent, align: 'justify' });
    this.doc.moveDown(0.15);
  }

  /** The same text on every page's bottom margin, with its page number. */
  footers(reference: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0; // writing inside the margin must not open a new page
      const y = this.doc.page.height - MARGINS.bottom + 14;
      const left = `Bản sao báo cáo đã gửi · Số tiếp nhận: ${reference}`;
      this.font('italic', SMALL_SIZE).text(left, MARGINS.left, y, { width: this.width - 70, lineBreak: false });
      this.font('regular', SMALL_SIZE).text(`Trang ${i - range.start + 1}/${range.count}`, MARGINS.left + this.width - 70, y, {
        width: 70,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = bottom;
    }
  }
}

function writeTask(w: ReportWriter, t: TaskEntryView, index: number): void {
  w.subheading(`${index}. ${clean(t.taskCode)} – ${clean(t.title)}`);
  const status = t.status ? (TASK_STATUS_LABELS[t.status as keyof typeof TASK_STATUS_LABELS] ?? t.status) : null;
  w.field('Tình trạng', status, 12, true);
  w.field('Tỷ lệ hoàn thành', t.percentComplete === null || t.percentComplete === undefined ? null : `${t.percentComplete}%`, 12, true);
  w.field('Vốn đã bố trí', capital(t.capitalAllocated, t.capitalAllocatedStateBudget), 12);
  w.field('Vốn đã giải ngân', capital(t.capitalDisbursed, t.capitalDisbursedStateBudget), 12);
  w.field('Kết quả thực hiện', t.workDone, 12);
  const kind = t.difficultyKind
    ? (DIFFICULTY_KIND_LABELS[t.difficultyKind as keyof typeof DIFFICULTY_KIND_LABELS] ?? t.difficultyKind)
    : null;
  const level = t.resolvingLevel
    ? (RESOLVING_LEVEL_LABELS[t.resolvingLevel as keyof typeof RESOLVING_LEVEL_LABELS] ?? t.resolvingLevel)
    : null;
  const about = [kind && `loại: ${kind}`, level && `cấp giải quyết: ${level}`].filter(Boolean).join('; ');
  w.field('Khó khăn, vướng mắc', t.difficulties ? `${clean(t.difficulties)}${about ? ` (${about})` : ''}` : null, 12);
  w.field('Kiến nghị, đề xuất', t.proposals, 12);
  w.field('Nhiệm vụ tiếp theo', t.nextSteps, 12);
}

function writeCooperatingTask(w: ReportWriter, t: TaskEntryView, index: number): void {
  w.subheading(`${index}. ${clean(t.taskCode)} – ${clean(t.title)}`);
  w.field('Kết quả phối hợp', t.workDone, 12, true);
  w.field('Khó khăn, vướng mắc', t.difficulties, 12);
  w.field('Kiến nghị, đề xuất', t.proposals, 12);
}

/**
 * The agency's report as a PDF (A4, Vietnamese in an embedded Unicode font): the header (agency,
 * "BÁO CÁO", the period, "Kính gửi"), the receipt's reference and sending time, each task (the
 * ones it leads first, with status, percent, capital in tỷ đồng, work done, difficulties,
 * proposals and next steps; the ones it cooperates on with their text only), the indicators, the
 * overall assessment, the official letter and the attached files' names.
 */
export async function renderReportPdf(view: ReportView, ctx: ReportPdfContext): Promise<Buffer> {
  const sender = clean(ctx.senderName) || clean(view.agencyName);
  const title = `${sender} – ${clean(view.periodLabel)}`;
  const { doc, bytes } = await createPdf({
    title: `Báo cáo ${title}`,
    author: sender,
    subject: clean(ctx.planName),
    createdAt: ctx.generatedAt,
  });

  const w = new ReportWriter(doc);
  w.centered(sender, 'bold', 12);
  w.rule(100);
  doc.moveDown(0.8);
  w.centered('BÁO CÁO', 'bold', 15, 4);
  w.centered(clean(view.periodLabel), 'bold', 12);
  if (clean(ctx.planName)) w.centered(`Thực hiện ${clean(ctx.planName)}`, 'italic', BODY_SIZE);
  doc.moveDown(0.6);
  w.centered(`Kính gửi: ${clean(ctx.receiverName)}`, 'regular', 12);
  doc.moveDown(0.8);

  w.field('Số tiếp nhận', ctx.reference, 0, true);
  w.field('Thời điểm gửi', ctx.sentAt ? formatSentTime(ctx.sentAt) : 'chưa gửi (bản nháp)', 0, true);
  const dueAt = new Date(view.dueAt);
  // A deadline at midnight is "before that day", as the pages say it.
  const due = toZonedIso(dueAt).slice(11, 16) === '00:00' ? `trước ngày ${formatViDatePadded(zonedDate(dueAt))}` : formatSentTime(dueAt);
  const onTime = view.onTime === true ? ' – gửi đúng hạn' : view.onTime === false ? ' – gửi sau hạn' : '';
  w.field('Hạn gửi', `${due}${ctx.sentAt ? onTime : ''}`, 0, true);

  const form = view.form ?? 'tasks';
  const summary = view.summary ?? { assessment: null, difficulties: null, proposals: null };
  const tasks = view.tasks ?? [];
  let section = 0;
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI'];
  const next = (text: string) => w.heading(`${roman[section++]}. ${text}`);

  if (form === 'tasks') {
    const lead = tasks.filter((t) => t.role === 'lead');
    const cooperating = tasks.filter((t) => t.role !== 'lead');
    next('KẾT QUẢ THỰC HIỆN NHIỆM VỤ');
    if (lead.length) {
      w.subheading('Các nhiệm vụ chủ trì');
      lead.forEach((t, i) => writeTask(w, t, i + 1));
    }
    if (cooperating.length) {
      w.subheading('Các nhiệm vụ phối hợp');
      cooperating.forEach((t, i) => writeCooperatingTask(w, t, i + 1));
    }
    if (!tasks.length) w.paragraph('Đơn vị không có nhiệm vụ phải báo cáo trong kỳ.', 'italic');

    const indicators = view.indicators ?? [];
    if (indicators.length) {
      next('CHỈ TIÊU');
      indicators.forEach((i) => {
        const line = indicatorLine(i);
        w.field(`${clean(i.indicatorCode)}. ${line.label}`, line.answer, 0, true);
      });
    }

    next('ĐÁNH GIÁ CHUNG');
    w.field('Đánh giá kết quả thực hiện', summary.assessment, 0, true);
    w.field('Khó khăn, vướng mắc', summary.difficulties, 0, true);
    w.field('Kiến nghị, đề xuất', summary.proposals, 0, true);
  } else {
    next('NỘI DUNG VĂN BẢN');
    w.field('Trích yếu', summary.assessment, 0, true);
  }

  next('VĂN BẢN VÀ TỆP KÈM THEO');
  const letter = view.officialLetter;
  const letterText = letter
    ? [letter.number && `số ${clean(letter.number)}`, formatDate(letter.date) && `ngày ${formatDate(letter.date)}`]
        .filter(Boolean)
        .join(', ')
    : null;
  w.field('Văn bản báo cáo', letterText, 0, true);
  const attachments = view.attachments ?? [];
  if (!attachments.length) w.field('Tệp đính kèm', null, 0, true);
  else {
    w.paragraph('Tệp đính kèm:', 'bold');
    attachments.forEach((a, i) => w.paragraph(`${i + 1}. ${clean(a.name)}`, 'regular', 12));
  }

  doc.moveDown(1);
  w.paragraph(
    ctx.sentAt
      ? `Bản sao tạo lúc ${formatSentTime(ctx.generatedAt)} từ báo cáo đơn vị đã gửi lúc ${formatSentTime(ctx.sentAt)}, đúng nội dung đã gửi.`
      : `Bản nháp tạo lúc ${formatSentTime(ctx.generatedAt)}; báo cáo chưa được gửi.`,
    'italic',
  );
  w.footers(ctx.reference);
  doc.end();
  return bytes;
}
