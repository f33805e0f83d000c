import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../common/lazy-modules';
import { toZonedIso } from '../common/time-zone';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS, TASK_STATUS_LABELS } from '../submissions/report.constants';
import { metLabel } from '../plans/indicator-target';
import type { ConsolidationView } from './consolidations.service';
import { indicatorBasis, indicatorTargetText } from './indicator-text';

/**
 * The consolidated report as a workbook: one sheet per table, Vietnamese column titles, frozen
 * header rows, money as numbers with three decimals (tỷ đồng), percentages as numbers. Text that
 * starts like a formula (=, +, -, @) is written with a leading apostrophe-quote so no spreadsheet
 * ever evaluates it.
 */

const STATE_LABELS: Record<string, string> = { missing: 'Chưa gửi', submitted: 'Đã gửi', returned: 'Bị trả lại', accepted: 'Đã tiếp nhận' };
const MONEY = '#,##0.000';
const PERCENT = '0.0';

/** Text as a cell value; one that a spreadsheet would read as a formula is quoted. */
export function safeText(value: string | null | undefined): string {
  if (!value) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const num = (value: string | null | undefined): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

/**
 * An instant as a spreadsheet date cell showing its Asia/Ho_Chi_Minh wall time: spreadsheets keep
 * no time zone, so the cell holds the local date and time ("19/05/2026 10:20"), not UTC's.
 */
export function localDateCell(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const local = toZonedIso(new Date(iso));
  return new Date(`${local.slice(0, 19)}Z`);
}

const DATE_TIME = 'dd/mm/yyyy hh:mm';
/** Points per line of 12 pt Times New Roman, and characters per unit of column width, for row heights. */
const LINE_POINTS = 15.75;
const CHARS_PER_WIDTH = 1.15;

/**
 * A row's height for its wrapped text: the lines its longest cell needs in its column. Spreadsheets
 * do not grow a row on opening a file, so a long task title would show one line and hide the rest.
 */
export function rowHeight(values: (string | number | Date | null)[], widths: number[]): number {
  const lines = values.map((v, i) => {
    if (typeof v !== 'string' || !v) return 1;
    const perLine = Math.max(1, Math.floor((widths[i] ?? 10) * CHARS_PER_WIDTH));
    return v.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
  });
  return Math.max(...lines, 1) * LINE_POINTS;
}

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: { header: string; width: number; format?: string }[],
  rows: (string | number | Date | null)[][],
): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 2 }],
    // Printed on A4 landscape, as wide as the page, as many pages down as it takes; the header rows on each.
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  ws.mergeCells(1, 1, 1, columns.length);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.font = { name: 'Times New Roman', bold: true, size: 13 };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: 'Times New Roman', bold: true, size: 12 };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    ws.getColumn(i + 1).width = c.width;
    if (c.format) ws.getColumn(i + 1).numFmt = c.format;
  });
  header.height = rowHeight(
    columns.map((c) => c.header),
    columns.map((c) => c.width),
  );
  for (const r of rows) {
    const values = r.map((v) => (typeof v === 'string' ? safeText(v) : v));
    const row = ws.addRow(values);
    row.font = { name: 'Times New Roman', size: 12 };
    row.alignment = { vertical: 'top', wrapText: true };
    row.height = rowHeight(
      values,
      columns.map((c) => c.width),
    );
  }
}

type Figures = ConsolidationView['figures'];

/** Who reported, when, and whether on time. */
function completenessSheet(wb: ExcelJS.Workbook, c: ConsolidationView): void {
  const f = c.figures;
  sheet(
    wb,
    'Tình hình báo cáo',
    `Tình hình gửi báo cáo – ${f.period.label} (phiên bản ${c.version})`,
    [
      { header: 'STT', width: 6 },
      { header: 'Mã', width: 10 },
      { header: 'Cơ quan, đơn vị', width: 40 },
      { header: 'Tình trạng', width: 16 },
      { header: 'Thời gian gửi', width: 18, format: DATE_TIME },
      { header: 'Đúng hạn', width: 12 },
    ],
    f.completeness.agencies.map((a, i) => [
      i + 1,
      a.code,
      a.name,
      STATE_LABELS[a.state],
      localDateCell(a.submittedAt),
      a.state === 'missing' ? '' : a.onTime ? 'Đúng hạn' : 'Muộn',
    ]),
  );
}

/** Each task by section: lead agencies, how many reported, status counts, progress. */
function tasksSheet(wb: ExcelJS.Workbook, f: Figures): void {
  sheet(
    wb,
    'Nhiệm vụ',
    'Kết quả thực hiện các nhiệm vụ theo lĩnh vực',
    [
      { header: 'Lĩnh vực', width: 28 },
      { header: 'Mã', width: 14 },
      { header: 'Nhiệm vụ', width: 60 },
      { header: 'Số đơn vị chủ trì', width: 12 },
      { header: 'Đã báo cáo', width: 12 },
      { header: 'Tình trạng', width: 36 },
      { header: 'Hoàn thành bình quân (%)', width: 14, format: PERCENT },
      { header: 'Chậm tiến độ', width: 30 },
    ],
    f.sections.flatMap((s) =>
      s.tasks.map((t) => [
        s.title,
        t.code,
        t.title,
        t.leadAgencies,
        t.reported,
        Object.entries(t.statusCounts)
          .map(([k, n]) => `${TASK_STATUS_LABELS[k as keyof typeof TASK_STATUS_LABELS] ?? k}: ${n}`)
          .join('; '),
        num(t.averagePercent),
        t.behindReason ?? '',
      ]),
    ),
  );
}

/** Capital needed, allocated and disbursed by section, with the plan's total last. */
function capitalSheet(wb: ExcelJS.Workbook, f: Figures): void {
  const capitalRow = (name: string, l: ConsolidationView['figures']['capital']) => [
    name,
    num(l.need.total),
    num(l.need.stateBudget),
    num(l.allocated.total),
    num(l.allocated.stateBudget),
    num(l.disbursed.total),
    num(l.disbursed.stateBudget),
    num(l.allocatedCumulative.total),
    num(l.disbursedCumulative.total),
    num(l.disbursementRate),
  ];
  sheet(
    wb,
    'Vốn',
    'Vốn bố trí và giải ngân (tỷ đồng)',
    [
      { header: 'Lĩnh vực', width: 36 },
      { header: 'Nhu cầu vốn', width: 16, format: MONEY },
      { header: 'Trong đó NSNN', width: 16, format: MONEY },
      { header: 'Bố trí trong kỳ', width: 16, format: MONEY },
      { header: 'Trong đó NSNN', width: 16, format: MONEY },
      { header: 'Giải ngân trong kỳ', width: 16, format: MONEY },
      { header: 'Trong đó NSNN', width: 16, format: MONEY },
      { header: 'Lũy kế bố trí', width: 16, format: MONEY },
      { header: 'Lũy kế giải ngân', width: 16, format: MONEY },
      { header: 'Tỷ lệ giải ngân (%)', width: 14, format: PERCENT },
    ],
    [...f.capital.sections.map((s) => capitalRow(s.title, { ...s, sections: [] })), capitalRow('Tổng cộng', f.capital)],
  );
}

/** Indicators against their targets. */
function indicatorsSheet(wb: ExcelJS.Workbook, f: Figures): void {
  sheet(
    wb,
    'Chỉ tiêu',
    'Các chỉ tiêu so với mục tiêu',
    [
      { header: 'Mã', width: 12 },
      { header: 'Chỉ tiêu', width: 50 },
      { header: 'Đơn vị tính', width: 12 },
      { header: 'Đạt được', width: 14, format: '#,##0.###' },
      { header: 'Số đơn vị báo cáo', width: 12 },
      { header: 'Số đơn vị được hỏi', width: 12 },
      { header: 'Cách tính', width: 44 },
      // Targets as the document writes them ("1,5–1,9", "khoảng 60", "tối thiểu 80"): a comparator or a range is not one number.
      { header: `Mục tiêu năm ${f.period.year}`, width: 16 },
      { header: 'Mục tiêu cuối kỳ', width: 16 },
      { header: 'Đánh giá', width: 12 },
    ],
    f.indicators.map((i) => [
      i.code,
      i.name,
      i.unit,
      num(i.value),
      i.reportedBy,
      i.asked ?? null,
      indicatorBasis(i),
      indicatorTargetText(i, 'year'),
      indicatorTargetText(i, 'final'),
      metLabel(i.met),
    ]),
  );
}

/** Difficulties by kind and by the level that can resolve them. */
function difficultiesSheet(wb: ExcelJS.Workbook, f: Figures): void {
  sheet(
    wb,
    'Khó khăn',
    'Khó khăn, vướng mắc theo loại và cấp có thẩm quyền giải quyết',
    [
      { header: 'Loại', width: 24 },
      { header: 'Thẩm quyền giải quyết', width: 16 },
      { header: 'Cơ quan, đơn vị', width: 30 },
      { header: 'Nhiệm vụ', width: 14 },
      { header: 'Nội dung', width: 70 },
      { header: 'Nguồn', width: 14 },
    ],
    f.difficulties.flatMap((g) =>
      g.items.map((x) => [
        DIFFICULTY_KIND_LABELS[g.kind as keyof typeof DIFFICULTY_KIND_LABELS] ?? g.kind,
        g.level ? (RESOLVING_LEVEL_LABELS[g.level as keyof typeof RESOLVING_LEVEL_LABELS] ?? g.level) : '',
        x.agencyName,
        x.taskCode ?? '',
        x.text,
        x.source === 'adhoc' ? 'Phản ánh đột xuất' : 'Báo cáo định kỳ',
      ]),
    ),
  );
}

export async function renderConsolidationXlsx(c: ConsolidationView): Promise<Buffer> {
  const f = c.figures;
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = f.plan.coordinatingAgency;
  wb.title = `Báo cáo tổng hợp ${f.period.label}`;
  completenessSheet(wb, c);
  tasksSheet(wb, f);
  capitalSheet(wb, f);
  indicatorsSheet(wb, f);
  difficultiesSheet(wb, f);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
