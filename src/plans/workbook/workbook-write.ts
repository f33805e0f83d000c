import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../common/lazy-modules';
import { decimalCell, formatDateRule, kindRuleAnchor, timelineCells, viDate } from './cells';
import { formatKindFeed } from '../../reporting/report-chains';
import {
  AGENCY_COLUMNS,
  AGENCY_KIND_WORDS,
  AGGREGATION_WORDS,
  ANCHOR_WORDS,
  AUDIENCE_WORDS,
  CAPITAL_GROUP_HEADER,
  ColumnSpec,
  COMPARATOR_WORDS,
  FREQUENCY_LABELS,
  INDICATOR_COLUMNS,
  KIND_COLUMNS,
  MILESTONE_COLUMNS,
  OWED_BY_TASK_AGENCIES,
  IDENTITY_GUIDE,
  PLAN_FIELDS,
  REMINDER_COLUMNS,
  REPORT_FORM_WORDS,
  SHEETS,
  TARGET_COLUMNS,
  TARGET_GUIDE,
  TASK_COLUMNS,
  TASK_KIND_WORDS,
} from './layout';
import { DocSection, DocTask, PlanDocument } from './plan-document';
import type { DocAgencyGroup } from './plan-document';
import { GROUP_COLUMNS } from './layout';
import { ACCOUNT_COLUMNS, ACCOUNT_ROLE_WORDS } from './layout';
import { BODY_KIND_WORDS, pickIdentity } from '../plan-identity';
import { CAPITAL_PHASES_GUIDE, CAPITAL_PHASES_LABEL, phaseGroupHeader } from './layout';
import { phaseLabel, PhaseCapitalFigures } from '../capital-phases';

/** Values are written as typed string or number cells, never formulas: text starting with "=" stays text. */
type Row = (string | number | null)[];

const MONEY_FORMAT = '#,##0.###';
const CAPITAL_SPECS = TASK_COLUMNS.filter((c) => c.key.startsWith('capital'));

function table(wb: ExcelJS.Workbook, name: string, columns: ColumnSpec[], rows: Row[], moneyKeys: string[] = []): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  for (const r of rows) ws.addRow(r);
  for (const key of moneyKeys) ws.getColumn(key).numFmt = MONEY_FORMAT;
  ws.eachRow((row, n) => {
    if (n > 1) row.alignment = { wrapText: true, vertical: 'top' };
  });
  return ws;
}

/** Agency names by code, with the plan's groups: a list cell writes a group it named, not the group's members. */
class AgencyNames extends Map<string, string> {
  readonly groups: Map<string, DocAgencyGroup>;

  constructor(doc: PlanDocument | null) {
    super((doc?.agencies ?? []).map((a) => [a.code, a.name]));
    this.groups = new Map((doc?.groups ?? []).map((g) => [g.code, g]));
  }
}

/** A list cell: the names of the groups it named, then the agencies none of those groups holds. */
const names = (codes: string[], byCode: Map<string, string>, groupCodes: string[] = []) => {
  const groups = byCode instanceof AgencyNames ? groupCodes.flatMap((c) => byCode.groups.get(c) ?? []) : [];
  const covered = new Set(groups.flatMap((g) => g.members));
  return [...groups.map((g) => g.name), ...codes.filter((c) => !covered.has(c)).map((c) => byCode.get(c) ?? c)].join('; ');
};

/**
 * The groups sheet: "Theo loại" when every agency of those kinds on the agency sheet is a member
 * (the members of other kinds listed), else every member by name.
 */
function groupSheet(wb: ExcelJS.Workbook, doc: PlanDocument | null, agencyNames: Map<string, string>): void {
  const agencies = doc?.agencies ?? [];
  table(
    wb,
    SHEETS.groups,
    GROUP_COLUMNS,
    (doc?.groups ?? []).map((g) => {
      const byKind = agencies.filter((a) => g.kinds.includes(a.kind)).map((a) => a.code);
      const kindsHold = g.kinds.length > 0 && byKind.length > 0 && byKind.every((c) => g.members.includes(c));
      const listed = kindsHold ? g.members.filter((c) => !byKind.includes(c)) : g.members;
      return [
        g.code,
        g.name,
        listed.map((c) => agencyNames.get(c) ?? c).join('; '),
        kindsHold ? g.kinds.map((k) => AGENCY_KIND_WORDS[k]).join('; ') : '',
      ];
    }),
  );
}

function guide(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(SHEETS.guide);
  ws.getColumn(1).width = 110;
  const lines = [
    'MẪU NHẬP KẾ HOẠCH TỪ BẢNG TÍNH',
    '',
    `Trang "${SHEETS.plan}": thông tin chung của kế hoạch và chế độ báo cáo (cột A là tên mục, cột B là giá trị).`,
    `Trang "${SHEETS.agencies}": các cơ quan, đơn vị có trong kế hoạch. Cơ quan đã có trong hệ thống có thể không cần ghi lại.`,
    'Mỗi phụ lục một trang (ví dụ "PL01"): ô B1 là mã phụ lục, ô B2 là tên phụ lục; dòng "TỔNG CỘNG" ghi nhu cầu vốn của cả phụ lục.',
    'Cột STT đánh số lồng nhau như văn bản: I, II…; 1, 2…; 1.1, 1.2…; (1), (2)…; a, b…; (i), (ii)…; gạch đầu dòng "-" được đặt mã a, b, c theo thứ tự.',
    'Cơ quan chủ trì, phối hợp: ghi tên hoặc mã, mỗi cơ quan một dòng hoặc cách nhau bằng dấu ";". Tên được so khớp không phân biệt hoa thường, dấu và tiền tố "UBND".',
    `Trang "${SHEETS.groups}" (không bắt buộc): mỗi dòng một nhóm cơ quan (ví dụ "Các sở, ban, ngành", "UBND các xã, phường"). Cột "Thành viên" ghi tên hoặc mã các cơ quan (hoặc nhóm khác), cách nhau bằng dấu ";" hoặc xuống dòng; cột "Theo loại" thêm mọi cơ quan ở trang "${SHEETS.agencies}" thuộc các loại đó (ví dụ "Xã; Phường"). Ở các cột cơ quan chủ trì, phối hợp, cơ quan báo cáo chỉ tiêu và cơ quan phải báo cáo, ghi tên hoặc mã nhóm thay cho từng cơ quan.`,
    'Thời gian: "Năm 2026", "Đầu năm 2027", "2026–2030", "19/5/2026", "Thường xuyên"; khi ghi bằng lời, cột "Mốc thời gian" nói rõ năm hoặc ngày.',
    'Nhu cầu vốn ghi theo tỷ đồng, tối đa 3 chữ số thập phân. Tổng số phải bằng Vốn NSNN cộng Vốn ngoài NS.',
    CAPITAL_PHASES_GUIDE,
    'Cột "Mã nhiệm vụ" có thể để trống: hệ thống đặt mã theo STT. Giữ nguyên mã khi sửa để cập nhật đúng nhiệm vụ.',
    `Trang "${SHEETS.kinds}": quy tắc ngày ghi dạng "ngày 20 tháng thứ 5" — tháng thứ 1 là tháng đầu của kỳ, 0 là tháng trước kỳ. Ví dụ báo cáo quý hạn ngày 15 tháng cuối quý: "ngày 15 tháng thứ 3".`,
    `Trang "${SHEETS.kinds}", cột "Các năm báo cáo" (không bắt buộc): các năm loại báo cáo được thực hiện, ví dụ "2028" cho sơ kết giữa kỳ hoặc "2028, 2030"; để trống là mọi năm của kế hoạch. Khi mọi kỳ bắt đầu cùng một tháng (hằng năm, hoặc một kỳ trong năm), ngày có thể ghi theo lịch: "ngày 15/12 năm trước", "ngày 15/12, 3 năm trước", "ngày 20/6 cùng năm"; loại báo cáo chỉ có một năm có thể ghi ngày cụ thể "ngày 15/12/2025".`,
    `Trang "${SHEETS.kinds}", cột "Hình thức báo cáo" (không bắt buộc): "${REPORT_FORM_WORDS.tasks}" (mặc định: báo cáo tiến độ từng nhiệm vụ) hoặc "${REPORT_FORM_WORDS.document}" (chỉ cho báo cáo một lần: cơ quan gửi văn bản đã ký kèm tệp đính kèm, số hiệu và trích yếu; kỳ báo cáo đóng khi mọi cơ quan đã gửi, không tổng hợp).`,
    `Trang "${SHEETS.kinds}", cột "Gửi tiếp" (không bắt buộc): khi báo cáo tổng hợp của kế hoạch này là đầu vào của báo cáo cấp trên, ghi "mã kế hoạch cấp trên / mã loại báo cáo", ví dụ "BXD-2026-2030 / semiannual". Kế hoạch cấp trên phải được nhập trước, loại báo cáo cùng tần suất, và cơ quan nhận báo cáo của kế hoạch này phải là cơ quan phải báo cáo loại đó; khi báo cáo tổng hợp kỳ nào được gửi, tệp DOCX được đính kèm vào báo cáo cùng năm, cùng kỳ của cơ quan đó và cán bộ báo cáo nhận thư.`,
    `Trang "${SHEETS.reminders}": để trống thì dùng lịch nhắc mặc định (D-7, D-3, D-1, D+1, D+3 và nhắc lại mỗi 3 ngày).`,
    `Trang "${SHEETS.accounts}" (không bắt buộc): mỗi dòng một người dùng, không có cột mật khẩu. Vai trò ghi một trong: ${Object.values(ACCOUNT_ROLE_WORDS).join('; ')}. Cơ quan ghi tên hoặc mã như các trang khác. Cán bộ báo cáo và lãnh đạo cơ quan có thể để trống tên đăng nhập: hệ thống đặt mã cơ quan viết thường (ví dụ "stc"), lãnh đạo thêm "-ld" ("stc-ld").`,
    `Khi nhập, tài khoản chưa có được tạo và người dùng nhận thư có đường dẫn để tự đặt mật khẩu (dùng một lần, hiệu lực 72 giờ); tài khoản mới cần có email. Tài khoản đã có được cập nhật họ tên, email, vai trò, không đổi mật khẩu; không tài khoản nào bị xóa. Chạy thử không tạo tài khoản và không gửi thư.`,
    `Trang "${SHEETS.indicators}", cột "Cách tổng hợp": "${AGGREGATION_WORDS.sum}" (cộng số liệu các cơ quan báo cáo), "${AGGREGATION_WORDS.count_yes}" (mỗi cơ quan trả lời Có/Không cho chính mình, chỉ tiêu là số cơ quan trả lời Có; cần cột "Câu hỏi cho đơn vị", ví dụ "Xã đã hoàn thành quy hoạch chung?", và mục tiêu không vượt số cơ quan báo cáo), "${AGGREGATION_WORDS.single}" (số liệu của đúng một cơ quan), "${AGGREGATION_WORDS.latest}" hoặc "${AGGREGATION_WORDS.average}". Cột "Câu hỏi cho đơn vị" là điều biểu mẫu báo cáo hỏi từng cơ quan; để trống thì dùng tên chỉ tiêu.`,
    TARGET_GUIDE,
    'Nhập lại một kế hoạch đã có (cùng mã) sẽ cập nhật kế hoạch đó; hãy chạy thử để xem trước những gì thay đổi.',
    '',
    `Các dòng về cơ quan tổng hợp ở trang "${SHEETS.plan}" quyết định tiêu đề, số, chữ ký của báo cáo tổng hợp và người gửi thư nhắc:`,
    ...PLAN_FIELDS.filter((f) => f.key in IDENTITY_GUIDE).map((f) => `- "${f.label}": ${IDENTITY_GUIDE[f.key]}`),
  ];
  lines.forEach((l, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = l;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

/** The three cells of each phase, in the plan's phase order; blank where a row gives nothing for a phase. */
function phaseCells(phases: string[], figures: PhaseCapitalFigures[] | undefined): Row {
  return phases.flatMap((label) => {
    const f = figures?.find((x) => x.phase === label);
    return [decimalCell(f?.total ?? null), decimalCell(f?.stateBudget ?? null), decimalCell(f?.nonStateBudget ?? null)];
  });
}

function taskRows(tasks: DocTask[], parentCode: string | null, agencyNames: Map<string, string>, out: Row[], phases: string[] = []): void {
  for (const t of tasks) {
    const [timeText, timeKey] = timelineCells(t.timeline);
    const stt = parentCode && t.code.startsWith(`${parentCode}.`) ? t.code.slice(parentCode.length + 1) : t.code;
    out.push([
      stt,
      t.title,
      TASK_KIND_WORDS[t.kind],
      names(t.leads, agencyNames, t.leadGroups),
      names(t.cooperating, agencyNames, t.cooperatingGroups),
      timeText,
      decimalCell(t.capitalTotal),
      decimalCell(t.capitalStateBudget),
      decimalCell(t.capitalNonStateBudget),
      t.note ?? '',
      timeKey,
      t.code,
      ...phaseCells(phases, t.capitalByPhase),
    ]);
    taskRows(t.children, t.code, agencyNames, out, phases);
  }
}

function planSheet(wb: ExcelJS.Workbook, doc: PlanDocument | null, agencyNames: Map<string, string>): void {
  const ws = wb.addWorksheet(SHEETS.plan);
  ws.getColumn(1).width = 34;
  ws.getColumn(2).width = 90;
  const p = doc?.plan;
  const values: Record<string, string | number | null> = p
    ? {
        code: p.code,
        title: p.title,
        issuingBody: p.issuingBody,
        documentNumber: p.documentNumber,
        documentDate: viDate(p.documentDate),
        legalBasis: p.legalBasis,
        startYear: p.startYear,
        endYear: p.endYear,
        coordinatingAgency: agencyNames.get(p.coordinatingAgency) ?? p.coordinatingAgency,
        recipientAgency: p.recipientAgency ? (agencyNames.get(p.recipientAgency) ?? p.recipientAgency) : null,
        regimeCode: doc.regime.code,
        regimeName: doc.regime.name,
        regimeLegalBasis: doc.regime.legalBasis,
        rollForward: doc.regime.rollForward ? 'Có' : 'Không',
        ...pickIdentity(p),
        bodyKind: BODY_KIND_WORDS[p.bodyKind],
      }
    : {};
  PLAN_FIELDS.forEach((f, i) => {
    ws.getCell(i + 1, 1).value = f.label;
    ws.getCell(i + 1, 1).font = { bold: true };
    ws.getCell(i + 1, 2).value = values[f.key] ?? null;
    ws.getCell(i + 1, 2).alignment = { wrapText: true };
  });
  // The capital phases' row: in the template, and for a plan that has phases (a plan without keeps its sheet as it was).
  const phases = p?.capitalPhases ?? [];
  if (!p || phases.length) {
    const r = PLAN_FIELDS.length + 1;
    ws.getCell(r, 1).value = CAPITAL_PHASES_LABEL;
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 2).value = phases.length ? phases.map(phaseLabel).join('; ') : null;
  }
}

/** A section's sheet: code and title on top, the two-row header, the total row, then its tasks. */
function sectionSheet(wb: ExcelJS.Workbook, s: DocSection, agencyNames: Map<string, string>, phases: string[] = []): void {
  const ws = wb.addWorksheet(s.code, { views: [{ state: 'frozen', ySplit: 5 }] });
  ws.getCell('A1').value = 'Mã phụ lục';
  ws.getCell('B1').value = s.code;
  ws.getCell('A2').value = 'Tên phụ lục';
  ws.getCell('B2').value = s.title;
  ws.getCell('A1').font = ws.getCell('A2').font = { bold: true };
  TASK_COLUMNS.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
    const capital = c.key.startsWith('capital');
    ws.getCell(4, i + 1).value = capital ? CAPITAL_GROUP_HEADER : c.header;
    ws.getCell(5, i + 1).value = capital ? c.header : null;
    if (capital) ws.getColumn(i + 1).numFmt = MONEY_FORMAT;
  });
  const firstCapital = TASK_COLUMNS.findIndex((c) => c.key === 'capitalTotal') + 1;
  ws.mergeCells(4, firstCapital, 4, firstCapital + 2);
  TASK_COLUMNS.forEach((c, i) => {
    if (!c.key.startsWith('capital')) ws.mergeCells(4, i + 1, 5, i + 1);
  });
  // Each capital phase's group after the fixed columns: "Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)" over its three.
  phases.forEach((label, p) => {
    const first = TASK_COLUMNS.length + 1 + 3 * p;
    CAPITAL_SPECS.forEach((c, j) => {
      ws.getColumn(first + j).width = c.width;
      ws.getColumn(first + j).numFmt = MONEY_FORMAT;
      ws.getCell(4, first + j).value = phaseGroupHeader(label);
      ws.getCell(5, first + j).value = c.header;
    });
    ws.mergeCells(4, first, 4, first + 2);
  });
  for (const r of [4, 5]) {
    ws.getRow(r).font = { bold: true };
    ws.getRow(r).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  }
  const total = ws.getRow(6);
  total.getCell(2).value = 'TỔNG CỘNG';
  total.getCell(firstCapital).value = decimalCell(s.capitalTotal);
  total.getCell(firstCapital + 1).value = decimalCell(s.capitalStateBudget);
  total.getCell(firstCapital + 2).value = decimalCell(s.capitalNonStateBudget);
  phaseCells(phases, s.capitalByPhase).forEach((v, j) => (total.getCell(TASK_COLUMNS.length + 1 + j).value = v));
  total.font = { bold: true };
  const rows: Row[] = [];
  taskRows(s.tasks, null, agencyNames, rows, phases);
  rows.forEach((r, i) => {
    const row = ws.getRow(7 + i);
    r.forEach((v, j) => (row.getCell(j + 1).value = v));
    row.alignment = { wrapText: true, vertical: 'top' };
  });
}

function milestoneRows(doc: PlanDocument | null): Row[] {
  const milestones: Row[] = [];
  const walk = (tasks: DocTask[]) =>
    tasks.forEach((t) => {
      for (const m of t.milestones) milestones.push([t.code, m.title, ...timelineCells(m.timeline)]);
      walk(t.children);
    });
  (doc?.sections ?? []).forEach((s) => walk(s.tasks));
  return milestones;
}

function indicatorSheets(wb: ExcelJS.Workbook, doc: PlanDocument | null, agencyNames: Map<string, string>): void {
  table(
    wb,
    SHEETS.indicators,
    INDICATOR_COLUMNS,
    (doc?.indicators ?? []).map((i) => [
      i.code,
      i.name,
      i.unit,
      AGGREGATION_WORDS[i.aggregation],
      i.taskCode ?? '',
      names(i.owners, agencyNames, i.ownerGroups),
      i.question ?? '',
    ]),
  );
  table(
    wb,
    SHEETS.targets,
    TARGET_COLUMNS,
    (doc?.indicators ?? []).flatMap((i) =>
      // Canonical form: the comparator's word, the value and (for a range) its upper bound, each in its own cell.
      i.targets.map((t) => [i.code, t.year, COMPARATOR_WORDS[t.comparator], decimalCell(t.value), decimalCell(t.valueTo), t.note ?? '']),
    ),
    ['value', 'valueTo'],
  );
}

function kindSheets(wb: ExcelJS.Workbook, doc: PlanDocument | null, agencyNames: Map<string, string>): void {
  table(
    wb,
    SHEETS.kinds,
    KIND_COLUMNS,
    (doc?.kinds ?? []).map((k) => {
      const anchor = kindRuleAnchor(k.frequency, k.slots, k.years);
      return [
        k.code,
        k.name,
        FREQUENCY_LABELS[k.frequency],
        k.slots.join(', '),
        k.periodLabel,
        formatDateRule(k.opensRule, anchor),
        formatDateRule(k.dueRule, anchor),
        formatDateRule(k.consolidationDueRule, anchor),
        formatDateRule(k.dataWindow?.start ?? null, anchor),
        formatDateRule(k.dataWindow?.end ?? null, anchor),
        viDate(k.fixedOpensDate),
        viDate(k.fixedDueDate),
        k.namedDayCounts ? 'Có' : 'Không',
        k.owedBy === 'task_agencies' ? OWED_BY_TASK_AGENCIES : names(k.agencyCodes, agencyNames, k.agencyGroups),
        k.years.join(', '),
        REPORT_FORM_WORDS[k.form],
        k.feeds ? formatKindFeed(k.feeds) : '',
      ];
    }),
  );
  table(
    wb,
    SHEETS.reminders,
    REMINDER_COLUMNS,
    (doc?.kinds ?? []).flatMap((k) =>
      k.reminderRules.map((r) => [
        k.code,
        r.code,
        ANCHOR_WORDS[r.anchor],
        r.offsetDays,
        r.time,
        AUDIENCE_WORDS[r.audience],
        r.repeatEveryDays ?? null,
        r.untilDays ?? null,
      ]),
    ),
  );
}

/** The accounts of the plan's agencies (administrators aside), one a row. */
function accountSheet(wb: ExcelJS.Workbook, doc: PlanDocument | null, agencyNames: Map<string, string>): void {
  table(
    wb,
    SHEETS.accounts,
    ACCOUNT_COLUMNS,
    (doc?.accounts ?? []).map((a) => [
      a.username,
      a.displayName,
      a.email ?? '',
      ACCOUNT_ROLE_WORDS[a.role],
      agencyNames.get(a.agency) ?? a.agency,
    ]),
  );
}

/** The plan in the import layout; with no plan, the empty template. */
export async function writePlanWorkbook(doc: PlanDocument | null): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Hệ thống theo dõi báo cáo kế hoạch';
  guide(wb);
  const agencyNames = new AgencyNames(doc);
  planSheet(wb, doc, agencyNames);
  table(
    wb,
    SHEETS.agencies,
    AGENCY_COLUMNS,
    (doc?.agencies ?? []).map((a) => [
      a.code,
      AGENCY_KIND_WORDS[a.kind],
      a.name,
      a.shortName,
      a.emails.join('; '),
      a.requiresHeadSignOff ? 'Có' : 'Không',
    ]),
  );
  groupSheet(wb, doc, agencyNames);
  const sections: DocSection[] = doc?.sections.length
    ? doc.sections
    : [{ code: 'PL01', title: '', capitalTotal: '0', capitalStateBudget: '0', capitalNonStateBudget: '0', tasks: [] }];
  const phases = (doc?.plan.capitalPhases ?? []).map(phaseLabel);
  for (const s of sections) sectionSheet(wb, s, agencyNames, phases);
  table(wb, SHEETS.milestones, MILESTONE_COLUMNS, milestoneRows(doc));
  indicatorSheets(wb, doc, agencyNames);
  kindSheets(wb, doc, agencyNames);
  accountSheet(wb, doc, agencyNames);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
