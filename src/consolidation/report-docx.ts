import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatViDecimal } from '../common/decimal';
import { parseIsoDate } from '../common/time-zone';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS, TASK_STATUS_LABELS } from '../submissions/report.constants';
import type { ConsolidationView } from './consolidations.service';

/**
 * The consolidated report as a DOCX "BÁO CÁO" in the format of Decree 30/2020/NĐ-CP, Appendix I:
 * A4 portrait, margins 20/20/30/15 mm, Times New Roman; the header table with the issuing body and
 * the national motto; number and symbol; place and date; title and summary line; "Kính gửi";
 * body 14 pt justified with a 1 cm first-line indent; "Nơi nhận" and the signature block; page
 * numbers centred in the top margin from page 2; the tables as appendices.
 */

const mm = (v: number) => Math.round((v * 1440) / 25.4);
const pt = (v: number) => v * 2; // docx sizes are half-points
const FONT = 'Times New Roman';
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const STATE_LABELS: Record<string, string> = { missing: 'Chưa gửi', submitted: 'Đã gửi', returned: 'Bị trả lại', accepted: 'Đã tiếp nhận' };

function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    bold: o.bold,
    italics: o.italics,
    size: pt(o.size ?? 14),
    underline: o.underline ? {} : undefined,
  });
}

function centered(text: string, o: Parameters<typeof run>[1] = {}, after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, o)] });
}

/** Body paragraphs: justified, first line indented 1 cm, 6 pt after, one per line of the text. */
function body(text: string): Paragraph[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: mm(10) },
          spacing: { after: pt(3) * 20, line: 288, lineRule: LineRuleType.AUTO },
          children: [run(line)],
        }),
    );
}

function heading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(10) },
    spacing: { before: 120, after: 120 },
    children: [run(text, { bold: true })],
  });
}

function cell(
  text: string,
  o: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {},
): TableCell {
  return new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, children: [run(text, { bold: o.bold, size: o.size ?? 12 })] })],
  });
}

function table(headers: string[], rows: string[][], widths: number[], numeric: number[] = []): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.AUTOFIT,
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, { bold: true, width: widths[i], align: AlignmentType.CENTER })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            children: r.map((v, i) => cell(v, { width: widths[i], align: numeric.includes(i) ? AlignmentType.RIGHT : AlignmentType.LEFT })),
          }),
      ),
    ],
  });
}

/** "Cao Bằng, ngày 05 tháng 01 năm 2027" (zero-padded, as the decree writes dates). */
export function placeAndDate(place: string, isoDate: string): string {
  const d = parseIsoDate(isoDate)!;
  return `${place}, ngày ${String(d.day).padStart(2, '0')} tháng ${String(d.month).padStart(2, '0')} năm ${d.year}`;
}

/** The issuing body's parent ("UBND TỈNH CAO BẰNG") and the place ("Cao Bằng") from the plan's issuing body. */
export function parentAndPlace(issuingBody: string): { parent: string; place: string } {
  const place = issuingBody.replace(/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)\s+/i, '').trim();
  return { parent: `UBND TỈNH ${place.toLocaleUpperCase('vi')}`, place };
}

type Figures = ConsolidationView['figures'];

export async function renderConsolidationDocx(c: ConsolidationView, today: string): Promise<Buffer> {
  const f = c.figures;
  const { parent, place } = parentAndPlace(f.plan.issuingBody);
  const recipient = f.plan.recipientAgency ?? `Ủy ban nhân dân tỉnh ${place}`;
  const doc = new Document({
    creator: f.plan.coordinatingAgency,
    title: `Báo cáo ${f.period.label}`,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10) },
          },
        },
        headers: pageNumberHeaders(),
        children: [
          headerTable({
            parent,
            issuer: f.plan.coordinatingAgency.toLocaleUpperCase('vi'),
            number: c.documentNumber ? `Số: ${c.documentNumber}` : 'Số:        /BC-SXD',
            date: placeAndDate(place, c.sentDate ?? today),
          }),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          centered('BÁO CÁO', { bold: true }),
          centered(`Kết quả thực hiện ${f.plan.title}`, { bold: true }),
          centered(f.period.label, { bold: true }),
          centered('________', {}, 200),
          centered(`Kính gửi: ${recipient}.`, {}, 200),
          ...reportBody(c),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          signatureTable(recipient),
          ...appendices(f),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** No number on the first page; from page 2 the page number centred in the top margin. */
function pageNumberHeaders(): { first: Header; default: Header } {
  return {
    first: new Header({ children: [new Paragraph({ children: [] })] }),
    default: new Header({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(14) })],
        }),
      ],
    }),
  };
}

/** The issuing body, its parent and the number on the left; the national motto and the place and date on the right. */
function headerTable(h: { parent: string; issuer: string; number: string; date: string }): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 40, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              centered(h.parent, { size: 13 }),
              centered(h.issuer, { bold: true, size: 13 }),
              centered('________', { size: 13 }, 120),
              centered(h.number, { size: 13 }),
            ],
          }),
          new TableCell({
            width: { size: 60, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 13 }),
              centered('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 14, underline: true }, 120),
              centered(h.date, { italics: true, size: 14 }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** Parts I to V: who reported, the results, the difficulties, the key tasks, the proposals; and the closing line. */
function reportBody(c: ConsolidationView): Paragraph[] {
  const f = c.figures;
  const missing = f.completeness.agencies.filter((a) => a.state === 'missing');
  const late = f.completeness.agencies.filter((a) => a.state !== 'missing' && a.onTime === false);
  const difficultiesByKind = difficultyLines(f);
  return [
    heading('I. TÌNH HÌNH GỬI BÁO CÁO'),
    ...body(
      `Tổng số cơ quan, đơn vị phải báo cáo: ${f.completeness.expected}; đã gửi: ${f.completeness.submitted} (đúng hạn: ${f.completeness.onTime}; muộn: ${f.completeness.late}); chưa gửi: ${f.completeness.missing}.`,
    ),
    ...(late.length ? body(`Các đơn vị gửi muộn: ${late.map((a) => a.name).join(', ')}.`) : []),
    ...(missing.length ? body(`Các đơn vị chưa gửi báo cáo: ${missing.map((a) => a.name).join(', ')}.`) : []),
    heading('II. KẾT QUẢ THỰC HIỆN'),
    ...body(c.narrative.assessment),
    ...body(sectionSummaries(f).join('\n')),
    heading('III. KHÓ KHĂN, VƯỚNG MẮC'),
    ...body(c.narrative.difficulties),
    ...(difficultiesByKind.length ? body(difficultiesByKind.join('\n')) : []),
    heading('IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI'),
    ...body(c.narrative.keyTasks),
    heading('V. ĐỀ XUẤT, KIẾN NGHỊ'),
    ...body(c.narrative.proposals),
    ...body(`Trên đây là báo cáo ${f.period.label.toLocaleLowerCase('vi')} của ${f.plan.coordinatingAgency}./.`),
  ];
}

/** A line per section: its tasks, how many have their lead agencies' reports, how many are behind. */
function sectionSummaries(f: Figures): string[] {
  return f.sections.map((s) => {
    const reported = s.tasks.filter((t) => t.reported > 0).length;
    const behind = s.tasks.filter((t) => t.behind).length;
    return `- ${s.title}: ${s.tasks.length} nhiệm vụ, ${reported} nhiệm vụ có báo cáo của đơn vị chủ trì${behind ? `, ${behind} nhiệm vụ chậm tiến độ` : ''}.`;
  });
}

/** The difficulties quoted by kind (and resolving level). */
function difficultyLines(f: Figures): string[] {
  return f.difficulties.map(
    (g) =>
      `- ${DIFFICULTY_KIND_LABELS[g.kind as keyof typeof DIFFICULTY_KIND_LABELS] ?? g.kind}${
        g.level ? ` (thẩm quyền: ${RESOLVING_LEVEL_LABELS[g.level as keyof typeof RESOLVING_LEVEL_LABELS] ?? g.level})` : ''
      }: ${g.items.map((x) => `${x.agencyName}: ${x.text}`).join('; ')}`,
  );
}

/** "Nơi nhận" on the left, the signature block on the right. */
function signatureTable(recipient: string): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }),
              ...[`- ${recipient} (b/c);`, '- Các sở, ban, ngành, UBND các xã, phường;', '- Lưu: VT, QLXD.'].map(
                (l) => new Paragraph({ children: [run(l, { size: 11 })] }),
              ),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [centered('KT. GIÁM ĐỐC', { bold: true }), centered('PHÓ GIÁM ĐỐC', { bold: true })],
          }),
        ],
      }),
    ],
  });
}

/** An appendix on a page of its own: its number, its title and its table. */
function appendix(number: number, title: string, content: Table): (Paragraph | Table)[] {
  return [
    new Paragraph({ children: [new PageBreak()] }),
    centered(`Phụ lục ${number}`, { bold: true }),
    centered(title, { bold: true }, 120),
    content,
  ];
}

/** The tables: who reported, the tasks, the capital, the indicators. */
function appendices(f: Figures): (Paragraph | Table)[] {
  return [
    ...appendix(1, `TÌNH HÌNH GỬI BÁO CÁO – ${f.period.label.toLocaleUpperCase('vi')}`, submissionsTable(f)),
    ...appendix(2, 'KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ', tasksTable(f)),
    ...appendix(3, 'VỐN BỐ TRÍ VÀ GIẢI NGÂN (tỷ đồng)', capitalTable(f)),
    ...appendix(4, 'CÁC CHỈ TIÊU', indicatorsTable(f)),
  ];
}

function submissionsTable(f: Figures): Table {
  return table(
    ['STT', 'Cơ quan, đơn vị', 'Tình trạng', 'Thời gian gửi', 'Đúng hạn'],
    f.completeness.agencies.map((a, i) => [
      String(i + 1),
      a.name,
      STATE_LABELS[a.state],
      a.submittedAt
        ? `${a.submittedAt.slice(11, 16)} ${a.submittedAt.slice(8, 10)}/${a.submittedAt.slice(5, 7)}/${a.submittedAt.slice(0, 4)}`
        : '',
      a.state === 'missing' ? '' : a.onTime ? 'Đúng hạn' : 'Muộn',
    ]),
    [8, 42, 18, 18, 14],
    [0],
  );
}

function tasksTable(f: Figures): Table {
  return table(
    ['Mã', 'Nhiệm vụ', 'Đơn vị chủ trì đã báo cáo', 'Tình trạng', 'Hoàn thành bình quân (%)'],
    f.sections.flatMap((s) =>
      s.tasks.map((t) => [
        t.code,
        t.title,
        `${t.reported}/${t.leadAgencies}`,
        Object.entries(t.statusCounts)
          .map(([k, n]) => `${TASK_STATUS_LABELS[k as keyof typeof TASK_STATUS_LABELS] ?? k}: ${n}`)
          .join('; ') + (t.behind ? ` (chậm tiến độ)` : ''),
        t.averagePercent ? t.averagePercent.replace('.', ',') : '',
      ]),
    ),
    [12, 44, 14, 18, 12],
    [2, 4],
  );
}

function capitalTable(f: Figures): Table {
  return table(
    ['Lĩnh vực', 'Nhu cầu vốn', 'Bố trí trong kỳ', 'Giải ngân trong kỳ', 'Lũy kế giải ngân', 'Tỷ lệ giải ngân (%)'],
    [
      ...f.capital.sections.map((s) => [
        s.title,
        formatViDecimal(s.need.total),
        formatViDecimal(s.allocated.total),
        formatViDecimal(s.disbursed.total),
        formatViDecimal(s.disbursedCumulative.total),
        s.disbursementRate?.replace('.', ',') ?? '',
      ]),
      [
        'Tổng cộng',
        formatViDecimal(f.capital.need.total),
        formatViDecimal(f.capital.allocated.total),
        formatViDecimal(f.capital.disbursed.total),
        formatViDecimal(f.capital.disbursedCumulative.total),
        f.capital.disbursementRate?.replace('.', ',') ?? '',
      ],
    ],
    [30, 14, 14, 14, 14, 14],
    [1, 2, 3, 4, 5],
  );
}

function indicatorsTable(f: Figures): Table {
  return table(
    ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Đạt được', `Mục tiêu năm ${f.period.year}`, 'Mục tiêu cuối kỳ'],
    f.indicators.map((i) => [
      i.code,
      i.name,
      i.unit,
      formatViDecimal(i.value),
      formatViDecimal(i.targetYear),
      formatViDecimal(i.target2030),
    ]),
    [10, 40, 12, 12, 13, 13],
    [3, 4, 5],
  );
}
