import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { formatViDecimal } from '../common/decimal';
import { formatViDate, formatViDateTime, parseIsoDate } from '../common/time-zone';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS, TASK_STATUS_LABELS } from '../submissions/report.constants';
import { mottoLines, numberLine, signatureLines } from '../plans/plan-identity';
import { metLabel } from '../plans/indicator-target';
import type { ConsolidationView } from './consolidations.service';
import { indicatorBasis, indicatorTargetText } from './rollup';

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

/**
 * "Cao Bằng, ngày 05 tháng 5 năm 2026": Decree 30 writes a day below 10 and the months 1 and 2
 * with a leading zero ("ngày 20 tháng 02 năm 2027"), every other month as it is.
 */
export function placeAndDate(place: string, isoDate: string): string {
  const d = parseIsoDate(isoDate)!;
  const month = d.month <= 2 ? String(d.month).padStart(2, '0') : String(d.month);
  return `${place ? `${place}, ` : ''}ngày ${String(d.day).padStart(2, '0')} tháng ${month} năm ${d.year}`;
}

/** "Báo cáo 6 tháng đầu năm 2026" → "6 tháng đầu năm 2026", for a sentence or a title that already says "báo cáo". */
export function periodPhrase(label: string): string {
  return label.replace(/^\s*báo cáo\s+/iu, '');
}

const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** What the first page and the signature block say, from the plan's identity (the HTML preview shows the same). */
export interface Letterhead {
  parent: string | null;
  issuer: string;
  number: string;
  placeDate: string;
  motto: string;
  mottoUnderline: string | null;
  recipient: string;
  signerTitles: string[];
  signerName: string | null;
  copies: string[];
}

export function letterhead(c: ConsolidationView, today: string): Letterhead {
  const id = c.identity;
  const motto = mottoLines(id.bodyKind);
  const signature = signatureLines(id);
  return {
    parent: id.letterheadParent,
    issuer: id.issuer,
    number: numberLine(id, c.documentNumber),
    placeDate: placeAndDate(id.place, c.sentDate ?? today),
    motto: motto.line,
    mottoUnderline: motto.underline,
    recipient: id.recipientName,
    signerTitles: signature.titles,
    signerName: signature.name,
    copies: [`- ${id.recipientName} (b/c);`, `- ${id.storageLine.replace(/[.;]\s*$/, '')}.`],
  };
}

type Figures = ConsolidationView['figures'];

export async function renderConsolidationDocx(c: ConsolidationView, today: string): Promise<Buffer> {
  const f = c.figures;
  const h = letterhead(c, today);
  const list = appendixList(f);
  const doc = new Document({
    creator: f.plan.coordinatingAgency,
    title: `Báo cáo ${periodPhrase(f.period.label)}`,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(20), header: mm(10) },
          },
        },
        headers: pageNumberHeaders(),
        children: [
          headerTable(h),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          centered('BÁO CÁO', { bold: true }),
          centered(`Kết quả thực hiện ${f.plan.title}`, { bold: true }),
          centered(capitalized(periodPhrase(f.period.label)), { bold: true }),
          centered('________', {}, 200),
          centered(`Kính gửi: ${h.recipient}.`, {}, 200),
          ...reportBody(c, list),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          signatureTable(h),
        ],
      },
      // The appendices in a section of their own, A4 landscape: a section starts on a new page, so
      // no page break (and no blank page) sits between the signature and the first appendix.
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
            margin: { top: mm(20), bottom: mm(20), left: mm(20), right: mm(20), header: mm(10) },
          },
        },
        headers: { default: pageNumberHeaders().default },
        children: appendixPages(list, attachedTo(c, h, today)),
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

const ISSUER_CELL = 36;
const MOTTO_CELL = 64;

/**
 * Two rows: the parent and the issuing body beside the motto; then the number beside the place
 * and date, so both sit on one line as Decree 30 lays them out.
 */
function headerTable(h: Letterhead): Table {
  const cellOf = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cellOf(ISSUER_CELL, [
            ...(h.parent ? [centered(h.parent, { size: 13 })] : []),
            centered(h.issuer, { bold: true, size: 13 }),
            centered('________', { size: 13 }, 120),
          ]),
          // Wide enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line at 12 pt (Decree 30: 12–13 pt).
          cellOf(MOTTO_CELL, [
            centered(h.motto, { bold: true, size: 12, underline: !h.mottoUnderline }),
            ...(h.mottoUnderline ? [centered(h.mottoUnderline, { bold: true, size: 14, underline: true }, 120)] : []),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cellOf(ISSUER_CELL, [centered(h.number, { size: 13 })]),
          cellOf(MOTTO_CELL, [centered(h.placeDate, { italics: true, size: 14 })]),
        ],
      }),
    ],
  });
}

/** Parts I to V: who reported, the results, the difficulties, the key tasks, the proposals; and the closing line. */
function reportBody(c: ConsolidationView, list: AppendixEntry[]): Paragraph[] {
  const f = c.figures;
  const cite = (...keys: AppendixKey[]) => {
    const numbers = list.filter((a) => keys.includes(a.key)).map((a) => a.number);
    return numbers.length ? ` (chi tiết tại ${numbers.length > 1 ? 'các ' : ''}Phụ lục ${numbers.join(', ')} kèm theo)` : '';
  };
  const missing = f.completeness.agencies.filter((a) => a.state === 'missing');
  const late = f.completeness.agencies.filter((a) => a.state !== 'missing' && a.onTime === false);
  const difficultiesByKind = difficultyLines(f);
  const from = f.period.dataFrom ? parseIsoDate(f.period.dataFrom) : null;
  const to = f.period.dataTo ? parseIsoDate(f.period.dataTo) : null;
  return [
    ...(from && to
      ? body(
          `Số liệu báo cáo tính từ ngày ${formatViDate(from)} đến ngày ${formatViDate(to)}${f.period.dataWindowOwn ? ' (theo thời gian lấy số liệu do Kế hoạch quy định)' : ''}.`,
        )
      : []),
    heading('I. TÌNH HÌNH GỬI BÁO CÁO'),
    ...body(
      `Tổng số cơ quan, đơn vị phải báo cáo: ${f.completeness.expected}; đã gửi: ${f.completeness.submitted} (đúng hạn: ${f.completeness.onTime}; muộn: ${f.completeness.late}); chưa gửi: ${f.completeness.missing}${cite('submissions')}.`,
    ),
    ...(late.length ? body(`Các đơn vị gửi muộn: ${late.map((a) => a.name).join(', ')}.`) : []),
    ...(missing.length ? body(`Các đơn vị chưa gửi báo cáo: ${missing.map((a) => a.name).join(', ')}.`) : []),
    heading('II. KẾT QUẢ THỰC HIỆN'),
    ...body(c.narrative.assessment),
    ...body(sectionSummaries(f).join('\n')),
    ...body(`Kết quả thực hiện từng nhiệm vụ, vốn và các chỉ tiêu${cite('tasks', 'capital', 'indicators')}.`),
    heading('III. KHÓ KHĂN, VƯỚNG MẮC'),
    ...body(c.narrative.difficulties),
    ...(difficultiesByKind.length ? body(difficultiesByKind.join('\n')) : []),
    heading('IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI'),
    ...body(c.narrative.keyTasks),
    heading('V. ĐỀ XUẤT, KIẾN NGHỊ'),
    ...body(c.narrative.proposals),
    ...body(`Trên đây là báo cáo kết quả thực hiện ${periodPhrase(f.period.label)} của ${c.identity.issuerName}./.`),
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
      }: ${g.items.map((x) => `${x.agencyName}: ${x.text.trim().replace(/[.;,:]+$/, '')}`).join('; ')}.`,
  );
}

/** "Nơi nhận" on the left; on the right the signer's titles, room for the signature and seal, and the name. */
function signatureTable(h: Letterhead): Table {
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
              ...h.copies.map((l) => new Paragraph({ children: [run(l, { size: 11 })] })),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              ...h.signerTitles.map((t) => centered(t, { bold: true })),
              // Room for the signature and the seal (Decree 30: the name below them).
              ...[0, 1, 2, 3].map(() => new Paragraph({ children: [] })),
              ...(h.signerName ? [centered(h.signerName, { bold: true })] : []),
            ],
          }),
        ],
      }),
    ],
  });
}

type AppendixKey = 'submissions' | 'tasks' | 'capital' | 'indicators';

interface AppendixEntry {
  key: AppendixKey;
  /** "I", "II"… (Roman once there are two or more, as Decree 30's appendices are numbered). */
  number: string;
  title: string;
  table: () => Table;
}

const ROMAN: [number, string][] = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** 1 → I, 4 → IV, 14 → XIV (enough for a report's appendices). */
export function roman(n: number): string {
  let out = '';
  for (const [value, letters] of ROMAN)
    while (n >= value) {
      out += letters;
      n -= value;
    }
  return out;
}

/** The tables the report appends, in order: who reported, the tasks, the capital (when there is any), the indicators. */
function appendixList(f: Figures): AppendixEntry[] {
  const entries: Omit<AppendixEntry, 'number'>[] = [
    { key: 'submissions', title: `TÌNH HÌNH GỬI BÁO CÁO – ${f.period.label.toLocaleUpperCase('vi')}`, table: () => submissionsTable(f) },
    { key: 'tasks', title: 'KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ', table: () => tasksTable(f) },
    // A plan that states no capital and whose agencies reported none has no capital appendix.
    ...(hasCapital(f) ? [{ key: 'capital' as const, title: 'VỐN BỐ TRÍ VÀ GIẢI NGÂN (tỷ đồng)', table: () => capitalTable(f) }] : []),
    ...(f.indicators.length ? [{ key: 'indicators' as const, title: 'CÁC CHỈ TIÊU', table: () => indicatorsTable(f) }] : []),
  ];
  return entries.map((e, i) => ({ ...e, number: entries.length > 1 ? roman(i + 1) : '' }));
}

/** "(Kèm theo Báo cáo số 123/BC-SXD ngày 26/5/2026 của Sở Xây dựng)": the line under each appendix's title. */
function attachedTo(c: ConsolidationView, h: Letterhead, today: string): string {
  const number = h.number.replace(/^Số:?\s*/u, '');
  const date = parseIsoDate(c.sentDate ?? today);
  return `(Kèm theo Báo cáo số ${number}${date ? ` ngày ${formatViDate(date)}` : ''} của ${c.identity.issuerName})`;
}

/** Each appendix on a page of its own: "PHỤ LỤC I", its title, the "Kèm theo" line and its table. */
function appendixPages(list: AppendixEntry[], attached: string): (Paragraph | Table)[] {
  return list.flatMap((a, i) => [
    ...(i > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
    centered(a.number ? `Phụ lục ${a.number}` : 'Phụ lục', { bold: true }),
    centered(a.title, { bold: true }),
    centered(attached, { italics: true, size: 13 }, 160),
    a.table(),
  ]);
}

const nonZero = (v: string | null | undefined) => !!v && !/^0*(\.0*)?$/.test(v);

function hasCapital(f: Figures): boolean {
  const c = f.capital;
  return nonZero(c.need.total) || nonZero(c.allocated.total) || nonZero(c.disbursed.total) || nonZero(c.disbursedCumulative.total);
}

function submissionsTable(f: Figures): Table {
  return table(
    ['STT', 'Cơ quan, đơn vị', 'Tình trạng', 'Thời gian gửi', 'Đúng hạn'],
    f.completeness.agencies.map((a, i) => [
      String(i + 1),
      a.name,
      STATE_LABELS[a.state],
      a.submittedAt ? formatViDateTime(new Date(a.submittedAt)) : '',
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
  // A plan that splits its capital by phase: the need of the period's phase beside the whole plan's.
  const phase = f.capital.phase;
  if (phase) return phaseCapitalTable(f, phase);
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

function phaseCapitalTable(f: Figures, phase: NonNullable<Figures['capital']['phase']>): Table {
  type Line = Figures['capital']['sections'][number] | Figures['capital'];
  const row = (title: string, l: Line, phaseTotal: string | null | undefined) => [
    title,
    formatViDecimal(l.need.total),
    formatViDecimal(phaseTotal),
    formatViDecimal(l.allocated.total),
    formatViDecimal(l.disbursed.total),
    formatViDecimal(l.disbursedCumulative.total),
    l.disbursementRate?.replace('.', ',') ?? '',
  ];
  return table(
    [
      'Lĩnh vực',
      'Nhu cầu vốn cả kế hoạch',
      `Nhu cầu vốn giai đoạn ${phase.label}`,
      'Bố trí trong kỳ',
      'Giải ngân trong kỳ',
      'Lũy kế giải ngân',
      'Tỷ lệ giải ngân (%)',
    ],
    [...f.capital.sections.map((s) => row(s.title, s, s.phaseNeed?.total)), row('Tổng cộng', f.capital, phase.need.total)],
    [24, 12, 13, 12, 13, 13, 13],
    [1, 2, 3, 4, 5, 6],
  );
}

function indicatorsTable(f: Figures): Table {
  return table(
    ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Đạt được', `Mục tiêu năm ${f.period.year}`, 'Mục tiêu cuối kỳ', 'Đánh giá'],
    f.indicators.map((i) => [
      i.code,
      `${i.name} (${indicatorBasis(i)})`,
      i.unit,
      formatViDecimal(i.value),
      indicatorTargetText(i, 'year'),
      indicatorTargetText(i, 'final'),
      metLabel(i.met),
    ]),
    [9, 34, 10, 11, 13, 13, 10],
    [3, 4, 5],
  );
}
