import { formatViDecimal } from '../common/decimal';
import { formatViDate, formatViDateTime, parseIsoDate } from '../common/time-zone';
import { metLabel } from '../plans/indicator-target';
import { mottoLines, numberLine, signatureLines } from '../plans/plan-identity';
import { DIFFICULTY_KIND_LABELS, RESOLVING_LEVEL_LABELS, TASK_STATUS_LABELS } from '../submissions/report.constants';
import type { ConsolidationView } from './consolidations.service';
import { indicatorBasis, indicatorTargetText } from './indicator-text';

/**
 * What the consolidated report says, whatever it is printed to: the DOCX (report-docx.ts) and its
 * PDF preview (report-pdf.ts) take their words from here, the HTML preview its letterhead, so that
 * they never disagree. Layout (fonts, sizes, pages) is each renderer's own.
 */

type Figures = ConsolidationView['figures'];

const STATE_LABELS: Record<string, string> = { missing: 'Chưa gửi', submitted: 'Đã gửi', returned: 'Bị trả lại', accepted: 'Đã tiếp nhận' };

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

/** The document's title ("Báo cáo 6 tháng đầu năm 2026"), as its properties name it. */
export function documentTitle(c: ConsolidationView): string {
  return `Báo cáo ${periodPhrase(c.figures.period.label)}`;
}

/** The title block under the header: "BÁO CÁO", what it reports on, the period. */
export function titleLines(c: ConsolidationView): string[] {
  const f = c.figures;
  return ['BÁO CÁO', `Kết quả thực hiện ${f.plan.title}`, capitalized(periodPhrase(f.period.label))];
}

/** "Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng." */
export function salutation(h: Letterhead): string {
  return `Kính gửi: ${h.recipient}.`;
}

/** One block of the report's body: a part's heading ("I. TÌNH HÌNH GỬI BÁO CÁO") or a paragraph. */
export interface BodyBlock {
  kind: 'heading' | 'paragraph';
  text: string;
}

/** A paragraph per line of the text, blank lines dropped. */
function paragraphs(text: string): BodyBlock[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ kind: 'paragraph', text: line }));
}

const heading = (text: string): BodyBlock => ({ kind: 'heading', text });

/** Parts I to V: who reported, the results, the difficulties, the key tasks, the proposals; and the closing line. */
export function reportBody(c: ConsolidationView, list: AppendixEntry[]): BodyBlock[] {
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
      ? paragraphs(
          `Số liệu báo cáo tính từ ngày ${formatViDate(from)} đến ngày ${formatViDate(to)}${f.period.dataWindowOwn ? ' (theo thời gian lấy số liệu do Kế hoạch quy định)' : ''}.`,
        )
      : []),
    heading('I. TÌNH HÌNH GỬI BÁO CÁO'),
    ...paragraphs(
      `Tổng số cơ quan, đơn vị phải báo cáo: ${f.completeness.expected}; đã gửi: ${f.completeness.submitted} (đúng hạn: ${f.completeness.onTime}; muộn: ${f.completeness.late}); chưa gửi: ${f.completeness.missing}${cite('submissions')}.`,
    ),
    ...(late.length ? paragraphs(`Các đơn vị gửi muộn: ${late.map((a) => a.name).join(', ')}.`) : []),
    ...(missing.length ? paragraphs(`Các đơn vị chưa gửi báo cáo: ${missing.map((a) => a.name).join(', ')}.`) : []),
    heading('II. KẾT QUẢ THỰC HIỆN'),
    ...paragraphs(c.narrative.assessment),
    ...paragraphs(sectionSummaries(f).join('\n')),
    ...paragraphs(`Kết quả thực hiện từng nhiệm vụ, vốn và các chỉ tiêu${cite('tasks', 'capital', 'indicators')}.`),
    heading('III. KHÓ KHĂN, VƯỚNG MẮC'),
    ...paragraphs(c.narrative.difficulties),
    ...(difficultiesByKind.length ? paragraphs(difficultiesByKind.join('\n')) : []),
    heading('IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI'),
    ...paragraphs(c.narrative.keyTasks),
    heading('V. ĐỀ XUẤT, KIẾN NGHỊ'),
    ...paragraphs(c.narrative.proposals),
    ...paragraphs(`Trên đây là báo cáo kết quả thực hiện ${periodPhrase(f.period.label)} của ${c.identity.issuerName}./.`),
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

/** An appendix's table: its header cells, its rows, each column's share of the width (%), and the columns aligned right. */
export interface AppendixTable {
  headers: string[];
  rows: string[][];
  widths: number[];
  numeric: number[];
}

export type AppendixKey = 'submissions' | 'tasks' | 'capital' | 'indicators';

export interface AppendixEntry {
  key: AppendixKey;
  /** "I", "II"… (Roman once there are two or more, as Decree 30's appendices are numbered). */
  number: string;
  title: string;
  table: () => AppendixTable;
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
export function appendixList(f: Figures): AppendixEntry[] {
  const entries: Omit<AppendixEntry, 'number'>[] = [
    { key: 'submissions', title: `TÌNH HÌNH GỬI BÁO CÁO – ${f.period.label.toLocaleUpperCase('vi')}`, table: () => submissionsTable(f) },
    { key: 'tasks', title: 'KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ', table: () => tasksTable(f) },
    // A plan that states no capital and whose agencies reported none has no capital appendix.
    ...(hasCapital(f) ? [{ key: 'capital' as const, title: 'VỐN BỐ TRÍ VÀ GIẢI NGÂN (tỷ đồng)', table: () => capitalTable(f) }] : []),
    ...(f.indicators.length ? [{ key: 'indicators' as const, title: 'CÁC CHỈ TIÊU', table: () => indicatorsTable(f) }] : []),
  ];
  return entries.map((e, i) => ({ ...e, number: entries.length > 1 ? roman(i + 1) : '' }));
}

/** "Phụ lục I" (or "Phụ lục" when it is the only one). */
export function appendixHeading(a: AppendixEntry): string {
  return a.number ? `Phụ lục ${a.number}` : 'Phụ lục';
}

/** "(Kèm theo Báo cáo số 123/BC-SXD ngày 26/5/2026 của Sở Xây dựng)": the line under each appendix's title. */
export function attachedTo(c: ConsolidationView, h: Letterhead, today: string): string {
  const number = h.number.replace(/^Số:?\s*/u, '');
  const date = parseIsoDate(c.sentDate ?? today);
  return `(Kèm theo Báo cáo số ${number}${date ? ` ngày ${formatViDate(date)}` : ''} của ${c.identity.issuerName})`;
}

const nonZero = (v: string | null | undefined) => !!v && !/^0*(\.0*)?$/.test(v);

function hasCapital(f: Figures): boolean {
  const c = f.capital;
  return nonZero(c.need.total) || nonZero(c.allocated.total) || nonZero(c.disbursed.total) || nonZero(c.disbursedCumulative.total);
}

function submissionsTable(f: Figures): AppendixTable {
  return {
    headers: ['STT', 'Cơ quan, đơn vị', 'Tình trạng', 'Thời gian gửi', 'Đúng hạn'],
    rows: f.completeness.agencies.map((a, i) => [
      String(i + 1),
      a.name,
      STATE_LABELS[a.state],
      a.submittedAt ? formatViDateTime(new Date(a.submittedAt)) : '',
      a.state === 'missing' ? '' : a.onTime ? 'Đúng hạn' : 'Muộn',
    ]),
    widths: [8, 42, 18, 18, 14],
    numeric: [0],
  };
}

function tasksTable(f: Figures): AppendixTable {
  return {
    headers: ['Mã', 'Nhiệm vụ', 'Đơn vị chủ trì đã báo cáo', 'Tình trạng', 'Hoàn thành bình quân (%)'],
    rows: f.sections.flatMap((s) =>
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
    widths: [12, 44, 14, 18, 12],
    numeric: [2, 4],
  };
}

function capitalTable(f: Figures): AppendixTable {
  // A plan that splits its capital by phase: the need of the period's phase beside the whole plan's.
  const phase = f.capital.phase;
  if (phase) return phaseCapitalTable(f, phase);
  return {
    headers: ['Lĩnh vực', 'Nhu cầu vốn', 'Bố trí trong kỳ', 'Giải ngân trong kỳ', 'Lũy kế giải ngân', 'Tỷ lệ giải ngân (%)'],
    rows: [
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
    widths: [30, 14, 14, 14, 14, 14],
    numeric: [1, 2, 3, 4, 5],
  };
}

function phaseCapitalTable(f: Figures, phase: NonNullable<Figures['capital']['phase']>): AppendixTable {
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
  return {
    headers: [
      'Lĩnh vực',
      'Nhu cầu vốn cả kế hoạch',
      `Nhu cầu vốn giai đoạn ${phase.label}`,
      'Bố trí trong kỳ',
      'Giải ngân trong kỳ',
      'Lũy kế giải ngân',
      'Tỷ lệ giải ngân (%)',
    ],
    rows: [...f.capital.sections.map((s) => row(s.title, s, s.phaseNeed?.total)), row('Tổng cộng', f.capital, phase.need.total)],
    widths: [24, 12, 13, 12, 13, 13, 13],
    numeric: [1, 2, 3, 4, 5, 6],
  };
}

function indicatorsTable(f: Figures): AppendixTable {
  return {
    headers: ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Đạt được', `Mục tiêu năm ${f.period.year}`, 'Mục tiêu cuối kỳ', 'Đánh giá'],
    rows: f.indicators.map((i) => [
      i.code,
      `${i.name} (${indicatorBasis(i)})`,
      i.unit,
      formatViDecimal(i.value),
      indicatorTargetText(i, 'year'),
      indicatorTargetText(i, 'final'),
      metLabel(i.met),
    ]),
    widths: [9, 34, 10, 11, 13, 13, 10],
    numeric: [3, 4, 5],
  };
}
