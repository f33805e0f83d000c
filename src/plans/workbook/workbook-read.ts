import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../common/lazy-modules';
import { indicatorRuleErrors } from '../indicator-rules';
import { foldVietnamese, nfc } from '../../common/vietnamese';
import { defaultRulesFor, reportKindErrors } from '../../reporting/report-kind-rules';
import { parseKindFeed } from '../../reporting/report-chains';
import type { DataWindowRule, ReminderRule } from '../../reporting/regime.types';
import { BODY_KIND_WORDS, BodyKind, jurisdictionFromName, PlanIdentitySettings } from '../plan-identity';
import { TASK_KINDS, TaskKind } from '../task.entity';
import { CapitalPhaseSpan, parseCapitalPhases, parsePhaseSpan, PhaseCapitalFigures, phaseLabel } from '../capital-phases';
import { CAPITAL_PHASES_LABEL, PHASE_GROUP_PATTERN } from './layout';
import {
  cellBoolean,
  cellInteger,
  cellIsoDate,
  cellText,
  columnLetter,
  moneyProblemMessage,
  readDateRule,
  readDecimalCell,
  readTimeline,
  kindRuleAnchor,
  splitList,
} from './cells';
import { fromMilli, toMilli } from '../../common/decimal';
import {
  AGENCY_COLUMNS,
  AGENCY_KIND_WORDS,
  AGGREGATION_WORDS,
  ANCHOR_WORDS,
  AUDIENCE_WORDS,
  ColumnSpec,
  COMPARATOR_ALIASES,
  COMPARATOR_WORDS,
  FIXED_SHEETS,
  FREQUENCY_LABELS,
  GROUP_COLUMNS,
  INDICATOR_COLUMNS,
  KIND_COLUMNS,
  MILESTONE_COLUMNS,
  OWED_BY_TASK_AGENCIES,
  PLAN_FIELDS,
  REMINDER_COLUMNS,
  REPORT_FORM_WORDS,
  SHEETS,
  TARGET_COLUMNS,
  TASK_COLUMNS,
  TASK_KIND_WORDS,
  wordLookup,
} from './layout';
import type { Comparator } from '../indicator-target.entity';
import { DocAgency, DocIndicator, DocKind, DocSection, DocTarget, DocTask, flattenTasks, PlanDocument } from './plan-document';
import { rangeProblem, readTargetValue, targetNumberProblem } from './target-cell';
import { ACCOUNT_COLUMNS, ACCOUNT_ROLE_WORDS } from './layout';
import type { DocAccount } from './plan-document';
import type { DocAgencyGroup } from './plan-document';
import type { AgencyKind } from '../../agencies/agency.entity';

/** A refusal pinned to a cell: sheet name, Excel row (1-based) and column letter. */
export interface CellError {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

export interface WorkbookReadResult {
  doc: PlanDocument | null;
  errors: CellError[];
  /** Agency names no agency matched, each once, for the administrator to resolve. */
  unmatchedAgencies: string[];
}

const CODE_PATTERN = /^[A-Za-z0-9_.-]{1,48}$/;
const AGENCY_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const TASK_CODE_PATTERN = /^[^\s;]{1,64}$/;
const GROUP_CODE_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

/** Keys a name is known by, most specific first: the whole name, then without "UBND"/"Sở"/"xã" words. */
function nameKeys(name: string): string[] {
  const full = foldVietnamese(name)
    .replace(/[.,;:()"“”'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const noBody = full.replace(/^(uy ban nhan dan|ubnd)\s+/, '');
  const bare = noBody.replace(/^(xa|phuong|thi tran|so|tinh|huyen|thanh pho|tp)\s+/, '');
  return [...new Set([full, noBody, bare])].filter(Boolean);
}

/** Name keys → the codes of the agencies known by them. */
class NameIndex {
  readonly keys = new Map<string, Set<string>>();

  add(a: Pick<DocAgency, 'code' | 'name' | 'shortName'>): void {
    const keys = [foldVietnamese(a.code), ...nameKeys(a.name), ...nameKeys(a.shortName)];
    for (const k of keys) {
      if (!this.keys.has(k)) this.keys.set(k, new Set());
      this.keys.get(k)!.add(a.code);
    }
  }

  /** The one code a name fits, 'ambiguous' when it fits several, null when none. */
  match(name: string): string | null {
    const code = /\(([A-Za-z0-9_-]{1,32})\)\s*$/.exec(name);
    if (code && this.keys.get(foldVietnamese(code[1]))?.size === 1) return [...this.keys.get(foldVietnamese(code[1]))!][0];
    let ambiguous = false;
    for (const key of [foldVietnamese(name), ...nameKeys(name)]) {
      const hit = this.keys.get(key);
      if (hit?.size === 1) return [...hit][0];
      if (hit && hit.size > 1) ambiguous = true;
    }
    return ambiguous ? 'ambiguous' : null;
  }
}

/**
 * Matches agency names as people type them (any case, with or without diacritics and "UBND xã"):
 * first against the workbook's own agency sheet, then only against the known agencies of the
 * plan's jurisdiction, so a homonym of another province never binds and never makes a name ambiguous.
 */
class AgencyMatcher {
  private readonly own = new NameIndex();
  private readonly known = new NameIndex();

  addOwn(a: Pick<DocAgency, 'code' | 'name' | 'shortName'>): void {
    this.own.add(a);
  }

  addKnown(a: Pick<DocAgency, 'code' | 'name' | 'shortName'>): void {
    this.known.add(a);
  }

  match(name: string): string | null {
    return this.own.match(name) ?? this.known.match(name);
  }
}

/** A group's key: its name or code folded, punctuation dropped. */
const groupKey = (text: string): string => nameKeys(text)[0] ?? '';

/** A name that reads as a set of agencies ("Các sở, ban, ngành", "UBND các xã, phường"). */
const looksLikeGroup = (name: string): boolean => /(^| )cac /.test(foldVietnamese(name));

interface Cell {
  value: ExcelJS.CellValue;
  text: string;
  row: number;
  column: string;
}

class Reader {
  readonly errors: CellError[] = [];
  readonly unmatched = new Set<string>();
  readonly matcher = new AgencyMatcher();
  /** The workbook's agency groups by folded name and by folded code (readGroups fills it). */
  readonly groups = new Map<string, DocAgencyGroup>();
  /** The plan's capital phases (the plan sheet's "Các giai đoạn vốn"), read before the section sheets. */
  capitalPhases: CapitalPhaseSpan[] = [];
  /** The groups each list cell named, by "sheet!row!column". */
  private readonly named = new Map<string, Set<string>>();

  error(sheet: string, row: number | null, column: string | null, message: string): void {
    this.errors.push({ sheet, row, column, message });
  }

  at(sheet: string, cell: Cell, message: string): void {
    this.error(sheet, cell.row, cell.column, message);
  }

  /** The group a name or code is, if any. */
  group(name: string): DocAgencyGroup | undefined {
    return this.groups.get(groupKey(name));
  }

  /** The agency code of one name; an unknown or ambiguous name is an error at the cell and null. */
  resolve(sheet: string, cell: Cell, name: string): string | null {
    const code = this.matcher.match(name);
    if (code === 'ambiguous')
      this.at(sheet, cell, `Tên "${name}" khớp với nhiều cơ quan; hãy ghi mã cơ quan trong ngoặc, ví dụ "${name} (MÃ)".`);
    else if (code === null && looksLikeGroup(name))
      this.at(
        sheet,
        cell,
        `Không có nhóm cơ quan "${name}". Hãy khai báo nhóm này ở trang "${SHEETS.groups}" (Mã nhóm, Tên nhóm, Thành viên) hoặc ghi từng cơ quan.`,
      );
    else if (code === null) {
      this.unmatched.add(name);
      this.at(sheet, cell, `Không tìm thấy cơ quan "${name}". Hãy thêm cơ quan này vào trang "${SHEETS.agencies}" hoặc sửa lại tên.`);
    }
    return code === 'ambiguous' ? null : code;
  }

  /**
   * Agency codes for a cell listing names; a group's name or code stands for its members (and is
   * remembered for groupsAt). Each unknown name is an error at the cell.
   */
  agencies(sheet: string, cell: Cell): string[] {
    const codes = new Set<string>();
    for (const name of splitList(cell.text)) {
      const group = this.group(name);
      if (group) {
        group.members.forEach((c) => codes.add(c));
        const key = `${sheet}!${cell.row}!${cell.column}`;
        if (!this.named.has(key)) this.named.set(key, new Set());
        this.named.get(key)!.add(group.code);
        continue;
      }
      const code = this.resolve(sheet, cell, name);
      if (code) codes.add(code);
    }
    return [...codes].sort();
  }

  /** The codes of the groups a cell read by `agencies` named, sorted. */
  groupsAt(sheet: string, cell: Cell): string[] {
    return [...(this.named.get(`${sheet}!${cell.row}!${cell.column}`) ?? [])].sort();
  }

  /** `{ [key]: groupsAt(...) }` when the cell named a group, else nothing: a document field only where used. */
  groupField<K extends string>(key: K, sheet: string, cell: Cell): Partial<Record<K, string[]>> {
    const codes = this.groupsAt(sheet, cell);
    return codes.length ? ({ [key]: codes } as Partial<Record<K, string[]>>) : {};
  }

  agency(sheet: string, cell: Cell): string | null {
    if (!cell.text) return null;
    if (this.group(cell.text)) {
      this.at(sheet, cell, `"${cell.text}" là một nhóm cơ quan; ô này cần ghi một cơ quan.`);
      return null;
    }
    const [code] = this.agencies(sheet, cell);
    return code ?? null;
  }
}

/** Finds the header row (within the first rows) and maps each known column to its number. */
function locateColumns(
  ws: ExcelJS.Worksheet,
  specs: ColumnSpec[],
  maxRow = 10,
  skip: Set<number> = new Set(),
): { headerRow: number; subRow: boolean; columns: Map<string, number> } | null {
  const matches = (text: string, spec: ColumnSpec) => {
    const f = foldVietnamese(text);
    return f !== '' && [spec.header, ...(spec.aliases ?? [])].some((h) => f === foldVietnamese(h) || f.startsWith(foldVietnamese(h)));
  };
  const first = specs[0];
  for (let r = 1; r <= Math.min(maxRow, ws.rowCount); r++) {
    const row = ws.getRow(r);
    let found = false;
    row.eachCell((c) => {
      if (matches(cellText(c.value), first)) found = true;
    });
    if (!found) continue;
    const columns = new Map<string, number>();
    let subRow = false;
    for (const [offset, rowNo] of [
      [0, r],
      [1, r + 1],
    ]) {
      ws.getRow(rowNo).eachCell((c, col) => {
        if (skip.has(col)) return;
        const text = cellText(c.value);
        for (const spec of specs) {
          if (!columns.has(spec.key) && matches(text, spec)) {
            columns.set(spec.key, col);
            if (offset === 1) subRow = true;
          }
        }
      });
    }
    return { headerRow: r, subRow, columns };
  }
  return null;
}

type RowCells = Record<string, Cell>;

/** The data rows of a table sheet, each as its known columns' cells; blank rows skipped. */
function tableRows(
  reader: Reader,
  ws: ExcelJS.Worksheet | undefined,
  sheetName: string,
  specs: ColumnSpec[],
  required: boolean,
  extra: Map<string, number> = new Map(),
): { rows: RowCells[]; firstRow: number } {
  if (!ws) {
    if (required) reader.error(sheetName, null, null, `Thiếu trang "${sheetName}".`);
    return { rows: [], firstRow: 0 };
  }
  const located = locateColumns(ws, specs, 10, new Set(extra.values()));
  if (!located) {
    reader.error(sheetName, 1, null, `Không tìm thấy dòng tiêu đề (cột "${specs[0].header}") trong trang "${sheetName}".`);
    return { rows: [], firstRow: 0 };
  }
  for (const spec of specs) {
    if (spec.required && !located.columns.has(spec.key)) reader.error(sheetName, located.headerRow, null, `Thiếu cột "${spec.header}".`);
  }
  const firstRow = located.headerRow + (located.subRow ? 2 : 1);
  const rows: RowCells[] = [];
  for (let r = firstRow; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: RowCells = {};
    let blank = true;
    for (const [key, col] of [...specs.map((spec) => [spec.key, located.columns.get(spec.key)] as const), ...extra]) {
      const value = col ? row.getCell(col).value : null;
      const text = cellText(value);
      if (text) blank = false;
      cells[key] = { value, text, row: r, column: col ? columnLetter(col) : '' };
    }
    if (!blank) rows.push(cells);
  }
  return { rows, firstRow };
}

/**
 * The nesting style of an STT label: I/II, 1/2, 1.1, (1), a, (i), bullets. A trailing ".", ":" or
 * dash ("IV.", "1:", "a-") is punctuation, not part of the number; a lone dash stays a bullet.
 */
export function sttStyle(stt: string, stack: { style: string }[]): { style: string; segment: string | null } {
  const s = /^[-+•*–—]$/.test(stt) ? stt : stt.replace(/\s*[.:\-–—]$/, '');
  const onStack = (style: string) => stack.some((e) => e.style === style);
  if (s === '' || /^[-+•*–—]$/.test(s)) return { style: `bullet${s}`, segment: null };
  if (/^[IVXLC]+$/.test(s)) return { style: 'R', segment: s };
  if (/^\d+$/.test(s)) return { style: 'N', segment: s };
  if (/^[IVXLC]+(\.\d+)+$/.test(s)) return { style: `R${'.N'.repeat(s.split('.').length - 1)}`, segment: s };
  if (/^\d+(\.\d+)+$/.test(s)) return { style: `N${'.N'.repeat(s.split('.').length - 1)}`, segment: s };
  if (/^\(\d+\)$/.test(s) || /^\d+\)$/.test(s)) return { style: s.startsWith('(') ? '(N)' : 'N)', segment: s };
  const paren = /^\(([a-zđ]+)\)$/.exec(s);
  const bare = /^([a-zđ]+)\)?$/.exec(s);
  const letters = paren?.[1] ?? bare?.[1];
  if (letters) {
    const wrap = paren ? '(x)' : s.endsWith(')') ? 'x)' : 'x';
    const roman = /^[ivx]+$/.test(letters);
    const romanStyle = wrap.replace('x', 'r');
    const letterStyle = wrap.replace('x', 'a');
    if (roman && (letters.length > 1 || onStack(romanStyle) || (letters === 'i' && !onStack(letterStyle))))
      return { style: romanStyle, segment: s };
    return { style: letterStyle, segment: s };
  }
  return { style: `other:${s}`, segment: s };
}

/** The letters of the n-th bullet (0-based), bijective base 26 like column letters: a..z, aa..zz, aaa... */
export const letterAt = (n: number): string => columnLetter(n + 1).toLowerCase();

/** Code and title of a section sheet (cells B1 and B2), refused when missing or malformed. */
function readSectionHeader(reader: Reader, ws: ExcelJS.Worksheet): { code: string; title: string } {
  const sheet = ws.name;
  const label = (r: number) => foldVietnamese(cellText(ws.getCell(r, 1).value));
  const code = label(1).startsWith('ma phu luc') ? cellText(ws.getCell(1, 2).value) : sheet;
  const title = label(2).startsWith('ten phu luc') ? cellText(ws.getCell(2, 2).value) : '';
  if (!CODE_PATTERN.test(code) || code.length > 16)
    reader.error(sheet, 1, 'B', `Mã phụ lục "${code}" không hợp lệ: tối đa 16 ký tự chữ, số, dấu chấm, gạch.`);
  if (!title) reader.error(sheet, 2, 'B', 'Thiếu tên phụ lục (ô B2, dòng "Tên phụ lục").');
  if (title.length > 255) reader.error(sheet, 2, 'B', 'Tên phụ lục dài quá 255 ký tự.');
  return { code, title };
}

/**
 * The three capital cells of a row; each unreadable, ambiguous ("1,500") or over-precise amount is
 * an error naming its cell and null, and the total must add up.
 */
function readCapital(reader: Reader, sheet: string, cells: RowCells): [string | null, string | null, string | null] {
  return readCapitalCells(reader, sheet, [cells.capitalTotal, cells.capitalStateBudget, cells.capitalNonStateBudget]);
}

type Capital = [string | null, string | null, string | null];

/** readCapital over any three cells (a phase's group); `phase` names the phase in the sum's error. */
function readCapitalCells(reader: Reader, sheet: string, triple: [Cell, Cell, Cell], phase?: string): Capital {
  const out: (string | null)[] = [];
  for (const cell of triple) {
    const read = readDecimalCell(cell.value);
    if ('problem' in read) {
      reader.at(sheet, cell, moneyProblemMessage(`${cell.column}${cell.row}`, cell.text, read));
      out.push(null);
    } else out.push(read.value);
  }
  const [t, s, n] = out;
  if (t !== null && s !== null && n !== null && toMilli(t) !== toMilli(s) + toMilli(n)) {
    const what = phase ? `Tổng số giai đoạn ${phase}` : 'Tổng số';
    reader.at(sheet, triple[0], `${what} (${t}) phải bằng Vốn NSNN (${s}) cộng Vốn ngoài NS (${n}).`);
  }
  return [t, s, n];
}

/** The "TỔNG CỘNG" row: no STT and a title that says total. */
function isTotalRow(cells: RowCells): boolean {
  const folded = foldVietnamese(cells.title.text);
  return !cells.stt.text && (folded.startsWith('tong cong') || folded === 'tong so' || folded === 'tong');
}

/** The section's capital from its total row: all three cells, or two and the third computed. */
function readTotalRow(reader: Reader, sheet: string, section: DocSection, totalRow: RowCells): void {
  const whole = completeTotal(reader, sheet, totalRow.capitalTotal, readCapital(reader, sheet, totalRow));
  if (whole) [section.capitalTotal, section.capitalStateBudget, section.capitalNonStateBudget] = whole;
}

/** A total row's three figures: all given, or two and the third computed; null when none is given. */
function completeTotal(reader: Reader, sheet: string, totalCell: Cell, [t, s, n]: Capital): [string, string, string] | null {
  const given = [t, s, n].filter((v) => v !== null).length;
  if (given === 3) return [t!, s!, n!];
  if (given === 2) {
    const out: [string, string, string] = [
      t ?? fromMilli(toMilli(s!) + toMilli(n!)),
      s ?? fromMilli(toMilli(t!) - toMilli(n!)),
      n ?? fromMilli(toMilli(t!) - toMilli(s!)),
    ];
    if (toMilli(out[1]) < 0n || toMilli(out[2]) < 0n) reader.at(sheet, totalCell, 'Tổng số nhỏ hơn phần vốn đã ghi.');
    return out;
  }
  if (given === 1) reader.at(sheet, totalCell, 'Dòng TỔNG CỘNG cần ít nhất hai trong ba cột vốn (Tổng số, Vốn NSNN, Vốn ngoài NS).');
  return null;
}

const taskKindOf = wordLookup(TASK_KIND_WORDS);

/** A task's kind: the "Loại" cell, else guessed from the title's first words ("Dự án", "Đề án", "Quy hoạch"). */
function readTaskKind(reader: Reader, sheet: string, cells: RowCells): TaskKind {
  const folded = foldVietnamese(cells.title.text);
  if (cells.kind.text) {
    const k = taskKindOf(cells.kind.text);
    if (k) return k;
    reader.at(
      sheet,
      cells.kind,
      `Loại "${cells.kind.text}" không có; chọn một trong: ${TASK_KINDS.map((x) => TASK_KIND_WORDS[x]).join(', ')}.`,
    );
    return 'task';
  }
  if (/^du an/.test(folded)) return 'project';
  if (/^de an/.test(folded)) return 'scheme';
  if (/^(lap )?quy hoach/.test(folded)) return 'planning';
  return 'task';
}

/** One task row's own fields (its children come later), errors at their cells. */
function readTaskRow(reader: Reader, sheet: string, cells: RowCells, code: string): DocTask {
  if (!TASK_CODE_PATTERN.test(code))
    reader.at(
      sheet,
      cells.code.text ? cells.code : cells.stt,
      `Mã nhiệm vụ "${code}" không hợp lệ (tối đa 64 ký tự, không có khoảng trắng).`,
    );
  const kind = readTaskKind(reader, sheet, cells);
  const timeline = readTimeline(cells.timeline.text, cells.timelineKey.text);
  if (timeline === undefined)
    reader.at(
      sheet,
      cells.timelineKey,
      `Không đọc được mốc thời gian "${cells.timelineKey.text}"; ghi năm (2027), ngày (19/5/2026), giai đoạn (2026–2030) hoặc "Thường xuyên".`,
    );
  if (cells.timeline.text.length > 255) reader.at(sheet, cells.timeline, 'Thời gian thực hiện dài quá 255 ký tự.');
  const leads = reader.agencies(sheet, cells.leads);
  const [capitalTotal, capitalStateBudget, capitalNonStateBudget] = readCapital(reader, sheet, cells);
  return {
    code,
    title: cells.title.text,
    kind,
    timeline: timeline ?? null,
    leads,
    cooperating: reader.agencies(sheet, cells.cooperating).filter((c) => !leads.includes(c)),
    ...reader.groupField('leadGroups', sheet, cells.leads),
    ...reader.groupField('cooperatingGroups', sheet, cells.cooperating),
    capitalTotal,
    capitalStateBudget,
    capitalNonStateBudget,
    note: cells.note.text || null,
    milestones: [],
    children: [],
  };
}

/**
 * The open tasks a new row may hang under, innermost last, each with its numbering style and
 * the segment of its STT; and the codes a row without its own code is given.
 */
class TaskStack {
  readonly open: { style: string; task: DocTask; seg: string }[] = [];
  private readonly bulletCount = new Map<DocTask | null, number>();

  constructor(private readonly sectionCode: string) {}

  /**
   * Closes the tasks a row does not belong under and answers its parent. A row with its own code
   * sits under the nearest open task whose code prefixes it: numbering styles mixed among siblings
   * ((i), (ii), then a, b) would otherwise read as nesting. Otherwise a row closes everything from
   * the first open task of its own style.
   */
  parentFor(style: string, explicitCode: string): DocTask | null {
    const codes = this.open.map((e) => e.task.code);
    const ancestor = explicitCode ? codes.lastIndexOf(codes.filter((c) => explicitCode.startsWith(`${c}.`)).pop() ?? '') : -2;
    if (ancestor >= -1 && explicitCode) this.open.length = ancestor + 1;
    else {
      const at = this.open.findIndex((e) => e.style === style);
      if (at >= 0) this.open.length = at;
    }
    return this.open.length ? this.open[this.open.length - 1].task : null;
  }

  /** The row's STT segment; a bullet gets the next letter among its parent's bullets. */
  segment(parent: DocTask | null, segment: string | null): string {
    if (segment !== null) return segment;
    const n = this.bulletCount.get(parent) ?? 0;
    this.bulletCount.set(parent, n + 1);
    return letterAt(n);
  }

  /** "1.1" under "1" continues its parent's number; anything else is appended to the parent's code. */
  derivedCode(parent: DocTask | null, seg: string): string {
    if (!parent) return `${this.sectionCode}.${seg}`;
    const parentSeg = this.open[this.open.length - 1].seg;
    return parentSeg && seg.startsWith(`${parentSeg}.`) ? `${parent.code}${seg.slice(parentSeg.length)}` : `${parent.code}.${seg}`;
  }

  push(style: string, task: DocTask, seg: string): void {
    this.open.push({ style, task, seg });
  }
}

/** A sheet laid out as an appendix: its "Mã phụ lục" row, or a header row with the STT column. */
function looksLikeSection(ws: ExcelJS.Worksheet): boolean {
  return foldVietnamese(cellText(ws.getCell(1, 1).value)).startsWith('ma phu luc') || locateColumns(ws, TASK_COLUMNS) !== null;
}

const CAPITAL_KEYS = ['capitalTotal', 'capitalStateBudget', 'capitalNonStateBudget'] as const;
const CAPITAL_SPECS = TASK_COLUMNS.filter((c) => (CAPITAL_KEYS as readonly string[]).includes(c.key));
const CAPITAL_NAMES = CAPITAL_SPECS.map((c) => c.header);

/** A phase's capital column group of a section sheet: its phase (one of the plan's) and the key of each of its cells. */
interface PhaseGroup {
  label: string;
  /** Where the phase sits among the plan's phases. */
  index: number;
  keys: [string, string, string];
}

/** A row's cell by key, or an empty one at the row when the sheet has no such column. */
const cellOf = (cells: RowCells, key: string, row: number): Cell => cells[key] ?? { value: null, text: '', row, column: '' };

/**
 * The phase groups of a section sheet ("Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)" over Tổng số /
 * Vốn NSNN / Vốn ngoài NS): their columns, kept apart from the whole-plan capital columns. A group
 * naming a span that is not one of the plan's phases, or twice the same phase, is an error at its header.
 */
function locatePhaseGroups(reader: Reader, ws: ExcelJS.Worksheet): { groups: PhaseGroup[]; extra: Map<string, number> } {
  const groups: PhaseGroup[] = [];
  const extra = new Map<string, number>();
  const located = locateColumns(ws, TASK_COLUMNS);
  if (!located) return { groups, extra };
  const r = located.headerRow;
  const planLabels = reader.capitalPhases.map(phaseLabel);
  const headerOf = (col: number) => {
    const cell = ws.getCell(r, col);
    return { cell, master: cell.isMerged ? cell.master.address : cell.address, text: cellText(cell.value) };
  };
  for (let col = 1; col <= ws.columnCount; col++) {
    const head = headerOf(col);
    const m = PHASE_GROUP_PATTERN.exec(foldVietnamese(head.text));
    if (!m || head.master !== head.cell.address) continue;
    const at: Cell = { value: head.cell.value, text: head.text, row: r, column: columnLetter(col) };
    const span = parsePhaseSpan(m[1]);
    const label = span ? phaseLabel(span) : null;
    const columns = new Map<string, number>();
    for (let c = col; c < col + 3 && c <= ws.columnCount; c++) {
      const h = headerOf(c);
      if (c > col && h.text && h.master !== head.master) break;
      const sub = foldVietnamese(cellText(ws.getCell(r + 1, c).value));
      const spec = CAPITAL_SPECS.find((x) => [x.header, ...(x.aliases ?? [])].some((a) => sub !== '' && sub.startsWith(foldVietnamese(a))));
      if (spec && !columns.has(spec.key)) columns.set(spec.key, c);
    }
    // Kept out of the whole-plan columns even when refused, so a wrong group never reads as the plan's capital.
    const keys = CAPITAL_KEYS.map((k) => `phase:${col}:${k}`) as [string, string, string];
    CAPITAL_KEYS.forEach((k, i) => columns.has(k) && extra.set(keys[i], columns.get(k)!));
    extra.set(`phase:${col}:header`, col);
    if (!span || !label) {
      reader.at(
        ws.name,
        at,
        `Không đọc được giai đoạn trong tiêu đề "${head.text}"; ghi dạng "Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)".`,
      );
    } else if (planLabels.length === 0) {
      reader.at(
        ws.name,
        at,
        `Nhóm cột "${head.text}": kế hoạch chưa có giai đoạn vốn. Hãy ghi dòng "${CAPITAL_PHASES_LABEL}" ở trang "${SHEETS.plan}" ` +
          '(ví dụ "2026–2027; 2028–2030") hoặc bỏ nhóm cột này.',
      );
    } else if (!planLabels.includes(label)) {
      reader.at(
        ws.name,
        at,
        `Giai đoạn ${label} không có trong các giai đoạn vốn của kế hoạch (${planLabels.join('; ')}, dòng "${CAPITAL_PHASES_LABEL}" ở trang "${SHEETS.plan}").`,
      );
    } else if (groups.some((g) => g.label === label)) {
      reader.at(ws.name, at, `Nhóm cột nhu cầu vốn giai đoạn ${label} bị lặp.`);
    } else if (columns.size === 0) {
      reader.at(ws.name, at, `Nhóm cột "${head.text}" cần các cột Tổng số, Vốn NSNN, Vốn ngoài NS ở dòng ngay dưới.`);
    } else groups.push({ label, index: planLabels.indexOf(label), keys });
  }
  return { groups: groups.sort((a, b) => a.index - b.index), extra };
}

/**
 * The phases of a row must add up to its whole-plan figures: checked figure by figure where the
 * whole-plan cell and every one of the plan's phases are given; the error is at the whole-plan cell.
 */
function checkPhaseSums(
  reader: Reader,
  sheet: string,
  wholeCells: Cell[],
  whole: Capital,
  phases: { label: string; figures: Capital }[],
): void {
  if (phases.length === 0 || phases.length !== reader.capitalPhases.length) return;
  for (let i = 0; i < 3; i++) {
    const w = whole[i];
    if (w === null || phases.some((p) => p.figures[i] === null)) continue;
    const sum = phases.reduce((acc, p) => acc + toMilli(p.figures[i]!), 0n);
    if (sum === toMilli(w)) continue;
    const parts = phases.map((p) => `${p.label}: ${p.figures[i]}`).join('; ');
    reader.at(
      sheet,
      wholeCells[i],
      `${CAPITAL_NAMES[i]} (${w}) phải bằng cộng nhu cầu vốn các giai đoạn (${parts}; cộng ${fromMilli(sum)}).`,
    );
  }
}

const phaseFigures = (label: string, [total, stateBudget, nonStateBudget]: Capital): PhaseCapitalFigures => ({
  phase: label,
  total,
  stateBudget,
  nonStateBudget,
});

/** A task row's phase figures (those with a figure given), checked against its whole-plan columns. */
function readTaskPhases(reader: Reader, sheet: string, cells: RowCells, task: DocTask, groups: PhaseGroup[]): void {
  if (groups.length === 0) return;
  const row = cells.title.row;
  const read = groups.map((g) => ({
    label: g.label,
    figures: readCapitalCells(reader, sheet, g.keys.map((k) => cellOf(cells, k, row)) as [Cell, Cell, Cell], g.label),
  }));
  const whole: Capital = [task.capitalTotal, task.capitalStateBudget, task.capitalNonStateBudget];
  checkPhaseSums(reader, sheet, [cells.capitalTotal, cells.capitalStateBudget, cells.capitalNonStateBudget], whole, read);
  const given = read.filter((p) => p.figures.some((v) => v !== null)).map((p) => phaseFigures(p.label, p.figures));
  if (given.length) task.capitalByPhase = given;
}

/** The total row's phase figures (each completed like the whole-plan ones), checked against the section's need. */
function readSectionPhases(reader: Reader, sheet: string, totalRow: RowCells, section: DocSection, groups: PhaseGroup[]): void {
  if (groups.length === 0) return;
  const row = totalRow.title.row;
  const read: { label: string; figures: Capital }[] = [];
  for (const g of groups) {
    const cells = g.keys.map((k) => cellOf(totalRow, k, row)) as [Cell, Cell, Cell];
    const figures = completeTotal(reader, sheet, cells[0], readCapitalCells(reader, sheet, cells, g.label));
    if (figures) read.push({ label: g.label, figures });
  }
  const wholeCells = [totalRow.capitalTotal, totalRow.capitalStateBudget, totalRow.capitalNonStateBudget];
  const wholeGiven = wholeCells.some((c) => c.text !== '');
  if (wholeGiven)
    checkPhaseSums(reader, sheet, wholeCells, [section.capitalTotal, section.capitalStateBudget, section.capitalNonStateBudget], read);
  if (read.length) section.capitalByPhase = read.map((p) => phaseFigures(p.label, p.figures));
}

function readSection(reader: Reader, ws: ExcelJS.Worksheet): DocSection | null {
  const sheet = ws.name;
  // A sheet of notes or other data: one message for the sheet, not its code, title and header in turn.
  if (!looksLikeSection(ws)) {
    reader.error(
      sheet,
      1,
      'A',
      `Trang "${sheet}" không phải trang phụ lục theo mẫu: không có dòng "Mã phụ lục" (ô A1) và dòng tiêu đề có cột "STT". ` +
        'Hãy xóa trang này hoặc điền theo mẫu phụ lục.',
    );
    return null;
  }
  const { code, title } = readSectionHeader(reader, ws);
  const phases = locatePhaseGroups(reader, ws);
  const { rows } = tableRows(reader, ws, sheet, TASK_COLUMNS, true, phases.extra);
  const section: DocSection = { code, title, capitalTotal: '0', capitalStateBudget: '0', capitalNonStateBudget: '0', tasks: [] };
  const stack = new TaskStack(code);
  let totalRow: RowCells | null = null;
  const hasChildren = new Set<DocTask>();
  const explicitKind = new Set<DocTask>();

  for (const cells of rows) {
    if (isTotalRow(cells)) {
      totalRow = cells;
      continue;
    }
    if (!cells.title.text) {
      reader.at(sheet, cells.title, 'Thiếu nội dung công việc.');
      continue;
    }
    const { style, segment } = sttStyle(cells.stt.text, stack.open);
    const parent = stack.parentFor(style, cells.code.text);
    const seg = stack.segment(parent, segment);
    const task = readTaskRow(reader, sheet, cells, cells.code.text || stack.derivedCode(parent, seg));
    readTaskPhases(reader, sheet, cells, task, phases.groups);
    (task as DocTask & { ref?: Cell }).ref = cells.stt;
    if (cells.kind.text) explicitKind.add(task);
    if (parent) {
      parent.children.push(task);
      hasChildren.add(parent);
    } else section.tasks.push(task);
    stack.push(style, task, seg);
  }
  // A heading with sub-items and no kind of its own is a group of tasks.
  for (const t of hasChildren) if (!explicitKind.has(t) && t.kind === 'task') t.kind = 'group';
  if (totalRow) {
    readTotalRow(reader, sheet, section, totalRow);
    readSectionPhases(reader, sheet, totalRow, section, phases.groups);
  }
  return section;
}

function readPlanSheet(reader: Reader, ws: ExcelJS.Worksheet | undefined): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  if (!ws) reader.error(SHEETS.plan, null, null, `Thiếu trang "${SHEETS.plan}".`);
  for (let r = 1; ws && r <= ws.rowCount; r++) {
    const label = foldVietnamese(cellText(ws.getCell(r, 1).value));
    const field = PLAN_FIELDS.find((f) => foldVietnamese(f.label) === label);
    if (field) cells[field.key] = { value: ws.getCell(r, 2).value, text: cellText(ws.getCell(r, 2).value), row: r, column: 'B' };
  }
  for (const f of PLAN_FIELDS) {
    if (!cells[f.key]) cells[f.key] = { value: null, text: '', row: 0, column: 'B' };
    if (ws && 'required' in f && f.required && !cells[f.key].text) {
      reader.error(SHEETS.plan, cells[f.key].row || null, 'B', `Thiếu "${f.label}".`);
    }
  }
  return cells;
}

function readAgencies(reader: Reader, ws: ExcelJS.Worksheet | undefined, known: KnownAgency[], jurisdiction: string | null): DocAgency[] {
  const { rows } = tableRows(reader, ws, SHEETS.agencies, AGENCY_COLUMNS, false);
  const kindOf = wordLookup(AGENCY_KIND_WORDS);
  const out: DocAgency[] = [];
  const seen = new Set<string>();
  for (const c of rows) {
    const code = c.code.text;
    if (!AGENCY_CODE_PATTERN.test(code)) {
      reader.at(SHEETS.agencies, c.code, `Mã cơ quan "${code}" không hợp lệ: 1–32 ký tự chữ không dấu, số, "_" hoặc "-".`);
      continue;
    }
    if (seen.has(code.toUpperCase())) reader.at(SHEETS.agencies, c.code, `Mã cơ quan "${code}" bị lặp.`);
    seen.add(code.toUpperCase());
    const kind = kindOf(c.kind.text);
    if (!kind)
      reader.at(
        SHEETS.agencies,
        c.kind,
        `Loại cơ quan "${c.kind.text}" không có; chọn một trong: ${Object.values(AGENCY_KIND_WORDS).join('; ')}.`,
      );
    if (!c.name.text) reader.at(SHEETS.agencies, c.name, 'Thiếu tên cơ quan.');
    const emails = splitList(c.emails.text.replace(/,/g, ';'));
    for (const e of emails) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) || e.length > 254)
        reader.at(SHEETS.agencies, c.emails, `Địa chỉ email "${e}" không hợp lệ.`);
    }
    const signOff = cellBoolean(c.signOff.value);
    if (signOff === undefined) reader.at(SHEETS.agencies, c.signOff, 'Ghi "Có" hoặc "Không".');
    const existing = known.find((k) => k.code === code);
    if (existing && existing.jurisdiction !== null && existing.jurisdiction !== jurisdiction)
      reader.at(
        SHEETS.agencies,
        c.code,
        `Mã cơ quan "${code}" đã là mã của ${existing.name} (${existing.jurisdiction}); hãy dùng mã khác cho cơ quan của ${jurisdiction ?? 'kế hoạch này'}, ví dụ "${code}-${jurisdictionCode(jurisdiction)}".`,
      );
    out.push({
      code,
      kind: kind ?? 'other',
      name: c.name.text.slice(0, 255),
      shortName: (c.shortName.text || existing?.shortName || c.name.text).slice(0, 128),
      emails: emails.map((e) => e.toLowerCase()),
      requiresHeadSignOff: signOff ?? false,
    });
  }
  return out;
}

const agencyKindOf = wordLookup(AGENCY_KIND_WORDS);

/** The kinds of a "Theo loại" cell: "Xã; Phường" (or "Xã, Phường"); each unknown word an error at the cell. */
function readGroupKinds(reader: Reader, cell: Cell): AgencyKind[] {
  const kinds = new Set<AgencyKind>();
  for (const part of splitList(cell.text)) {
    const words = agencyKindOf(part)
      ? [part]
      : part
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
    for (const word of words) {
      const kind = agencyKindOf(word);
      if (kind) kinds.add(kind);
      else
        reader.at(
          SHEETS.groups,
          cell,
          `Loại cơ quan "${word}" không có; chọn một hay nhiều trong: ${Object.values(AGENCY_KIND_WORDS).join('; ')}.`,
        );
    }
  }
  return [...kinds].sort();
}

/**
 * The optional agency groups sheet. A group's members are agency names or codes, other groups
 * (their members join), and with "Theo loại" every agency of the workbook's own agency sheet of
 * those kinds. Codes and names first, so a member may name a group of a later row; a group
 * naming itself or making a loop, an unknown member and an empty group are errors at their cells.
 */
function readGroups(reader: Reader, ws: ExcelJS.Worksheet | undefined, sheetAgencies: DocAgency[]): DocAgencyGroup[] {
  const sheet = SHEETS.groups;
  const read: { group: DocAgencyGroup; cells: RowCells; nested: DocAgencyGroup[] }[] = [];
  for (const c of tableRows(reader, ws, sheet, GROUP_COLUMNS, false).rows) {
    const code = c.code.text;
    if (!GROUP_CODE_PATTERN.test(code)) {
      reader.at(sheet, c.code, `Mã nhóm "${code}" không hợp lệ: 1–32 ký tự chữ không dấu, số, ".", "_" hoặc "-".`);
      continue;
    }
    if (!c.name.text) reader.at(sheet, c.name, 'Thiếu tên nhóm.');
    else if (c.name.text.length > 255) reader.at(sheet, c.name, 'Tên nhóm dài quá 255 ký tự.');
    const keys = [groupKey(code), groupKey(c.name.text)].filter(Boolean);
    if (keys.some((k) => reader.groups.has(k))) {
      reader.at(sheet, c.code, `Mã hoặc tên nhóm "${code}" bị lặp.`);
      continue;
    }
    const clash = [code, c.name.text].find((n) => n && reader.matcher.match(n) !== null);
    if (clash) reader.at(sheet, c.code, `"${clash}" đã là mã hoặc tên của một cơ quan; hãy đặt mã, tên nhóm khác.`);
    const group: DocAgencyGroup = { code, name: nfc(c.name.text), members: [], kinds: [] };
    keys.forEach((k) => reader.groups.set(k, group));
    read.push({ group, cells: c, nested: [] });
  }
  for (const r of read) {
    const members = new Set<string>();
    for (const name of splitList(r.cells.members.text)) {
      const other = reader.group(name);
      if (other === r.group) reader.at(sheet, r.cells.members, `Nhóm "${r.group.name}" không thể là thành viên của chính nó.`);
      else if (other) r.nested.push(other);
      else {
        const code = reader.resolve(sheet, r.cells.members, name);
        if (code) members.add(code);
      }
    }
    r.group.kinds = readGroupKinds(reader, r.cells.kinds);
    for (const a of sheetAgencies) if (r.group.kinds.includes(a.kind)) members.add(a.code);
    r.group.members = [...members];
  }
  // Nested groups take their members; a loop is refused at the group that closes it.
  const done = new Map<DocAgencyGroup, Set<string>>();
  const rowOf = new Map(read.map((r) => [r.group, r]));
  const visit = (g: DocAgencyGroup, path: DocAgencyGroup[]): Set<string> => {
    const known = done.get(g);
    if (known) return known;
    const r = rowOf.get(g)!;
    const out = new Set(g.members);
    done.set(g, out);
    for (const n of r.nested) {
      if (path.includes(n)) reader.at(sheet, r.cells.members, `Nhóm "${g.name}" và nhóm "${n.name}" chứa lẫn nhau.`);
      else visit(n, [...path, g]).forEach((c) => out.add(c));
    }
    return out;
  };
  for (const r of read) {
    r.group.members = [...visit(r.group, [r.group])].sort();
    const rowHasErrors = reader.errors.some((e) => e.sheet === sheet && e.row === r.cells.code.row);
    if (r.group.members.length === 0 && !rowHasErrors)
      reader.at(
        sheet,
        r.cells.members,
        `Nhóm "${r.group.name}" chưa có cơ quan nào: ghi các cơ quan ở cột "Thành viên" hoặc loại cơ quan ở cột "Theo loại".`,
      );
  }
  return read.map((r) => r.group);
}

function readMilestones(reader: Reader, ws: ExcelJS.Worksheet | undefined, tasks: Map<string, DocTask>): void {
  const { rows } = tableRows(reader, ws, SHEETS.milestones, MILESTONE_COLUMNS, false);
  for (const c of rows) {
    const task = tasks.get(c.task.text);
    if (!task) {
      reader.at(SHEETS.milestones, c.task, `Không có nhiệm vụ mã "${c.task.text}" trong các phụ lục.`);
      continue;
    }
    const timeline = readTimeline(c.timeline.text, c.timelineKey.text);
    if (!timeline) {
      reader.at(
        SHEETS.milestones,
        c.timelineKey.text ? c.timelineKey : c.timeline,
        'Mốc tiến độ cần thời gian đọc được: năm, ngày, giai đoạn hoặc "Thường xuyên".',
      );
      continue;
    }
    if (!c.title.text) reader.at(SHEETS.milestones, c.title, 'Thiếu nội dung mốc tiến độ.');
    task.milestones.push({ title: c.title.text, timeline });
  }
}

function readIndicators(
  reader: Reader,
  wsIndicators: ExcelJS.Worksheet | undefined,
  wsTargets: ExcelJS.Worksheet | undefined,
  tasks: Map<string, DocTask>,
  years: [number, number],
): DocIndicator[] {
  const aggregationOf = wordLookup(AGGREGATION_WORDS);
  const comparatorWord = wordLookup(COMPARATOR_WORDS);
  const aliases = new Map(Object.entries(COMPARATOR_ALIASES).map(([word, c]) => [foldVietnamese(word), c]));
  const comparatorOf = (text: string) => comparatorWord(text) ?? aliases.get(foldVietnamese(text)) ?? null;
  const out = new Map<string, DocIndicator>();
  // Where each indicator's rule is written, for its refusals: its row, and its targets' value cells.
  const rowCells = new Map<string, RowCells>();
  const targetCells = new Map<string, Cell[]>();
  for (const c of tableRows(reader, wsIndicators, SHEETS.indicators, INDICATOR_COLUMNS, false).rows) {
    const code = c.code.text;
    if (!CODE_PATTERN.test(code)) {
      reader.at(SHEETS.indicators, c.code, `Mã chỉ tiêu "${code}" không hợp lệ.`);
      continue;
    }
    if (out.has(code)) reader.at(SHEETS.indicators, c.code, `Mã chỉ tiêu "${code}" bị lặp.`);
    if (!c.name.text) reader.at(SHEETS.indicators, c.name, 'Thiếu tên chỉ tiêu.');
    if (!c.unit.text || c.unit.text.length > 32) reader.at(SHEETS.indicators, c.unit, 'Đơn vị tính cần có và không quá 32 ký tự.');
    const aggregation = c.aggregation.text ? aggregationOf(c.aggregation.text) : 'sum';
    if (!aggregation)
      reader.at(
        SHEETS.indicators,
        c.aggregation,
        `Cách tổng hợp "${c.aggregation.text}" không có; chọn: ${Object.values(AGGREGATION_WORDS).join(', ')}.`,
      );
    if (c.task.text && !tasks.has(c.task.text))
      reader.at(SHEETS.indicators, c.task, `Không có nhiệm vụ mã "${c.task.text}" trong các phụ lục.`);
    if (c.question.text.length > 500) reader.at(SHEETS.indicators, c.question, 'Câu hỏi cho đơn vị không quá 500 ký tự.');
    rowCells.set(code, c);
    out.set(code, {
      code,
      name: c.name.text,
      unit: c.unit.text,
      aggregation: aggregation ?? 'sum',
      ...(c.question.text ? { question: c.question.text } : {}),
      taskCode: c.task.text || null,
      owners: reader.agencies(SHEETS.indicators, c.owners),
      ...reader.groupField('ownerGroups', SHEETS.indicators, c.owners),
      targets: [],
    });
  }
  for (const c of tableRows(reader, wsTargets, SHEETS.targets, TARGET_COLUMNS, false).rows) {
    const indicator = out.get(c.indicator.text);
    if (!indicator) {
      reader.at(SHEETS.targets, c.indicator, `Không có chỉ tiêu mã "${c.indicator.text}" trong trang "${SHEETS.indicators}".`);
      continue;
    }
    const year = cellInteger(c.year.value);
    if (!year || year < years[0] || year > years[1]) {
      reader.at(SHEETS.targets, c.year, `Năm phải trong thời gian kế hoạch (${years[0]}–${years[1]}).`);
      continue;
    }
    if (indicator.targets.some((t) => t.year === year))
      reader.at(SHEETS.targets, c.year, `Chỉ tiêu "${indicator.code}" đã có giá trị năm ${year}.`);
    const target = readTargetCells(reader, c, comparatorOf);
    if (target) {
      indicator.targets.push({ year, ...target, note: c.note.text || null });
      targetCells.set(indicator.code, [...(targetCells.get(indicator.code) ?? []), c.value]);
    }
  }
  for (const i of out.values()) {
    const cells = rowCells.get(i.code)!;
    const ruleCell = (field: string): Cell =>
      field === 'question'
        ? cells.question
        : field === 'ownerAgencyCodes'
          ? cells.owners
          : targetCells.get(i.code)![Number(field.split('.')[1])];
    for (const e of indicatorRuleErrors({
      aggregation: i.aggregation,
      question: i.question ?? null,
      ownerCount: i.owners.length,
      targets: i.targets,
    }))
      reader.at(
        e.field.startsWith('targets.') ? SHEETS.targets : SHEETS.indicators,
        ruleCell(e.field),
        `Chỉ tiêu "${i.code}": ${e.message}`,
      );
    i.targets.sort((a, b) => a.year - b.year);
  }
  return [...out.values()];
}

/**
 * A target's comparator, value and upper bound from its "So sánh", "Giá trị" and "Giá trị đến"
 * cells. The value cell may say the comparator itself ("1,5–1,9" is a range, "khoảng 60" about);
 * a "So sánh" that says otherwise, a reversed range or a second upper bound is an error at its cell.
 */
function readTargetCells(
  reader: Reader,
  c: RowCells,
  comparatorOf: (text: string) => Comparator | null,
): Pick<DocTarget, 'comparator' | 'value' | 'valueTo'> | null {
  const ref = (cell: Cell) => `${cell.column}${cell.row}`;
  const stated = c.comparator.text ? comparatorOf(c.comparator.text) : null;
  if (c.comparator.text && !stated) {
    reader.at(
      SHEETS.targets,
      c.comparator,
      `So sánh "${c.comparator.text}" không có; chọn: ${Object.values(COMPARATOR_WORDS).join(', ')}.`,
    );
    return null;
  }
  const read = readTargetValue(c.value.value, ref(c.value));
  if ('error' in read) {
    reader.at(SHEETS.targets, c.value, read.error);
    return null;
  }
  let valueTo = read.valueTo;
  let implied = read.comparator;
  const upper = c.valueTo ? readDecimalCell(c.valueTo.value) : { value: null };
  if ('problem' in upper) {
    reader.at(SHEETS.targets, c.valueTo, targetNumberProblem(ref(c.valueTo), c.valueTo.text, upper));
    return null;
  }
  if (upper.value !== null) {
    if (valueTo !== null) {
      reader.at(
        SHEETS.targets,
        c.valueTo,
        `Ô ${ref(c.valueTo)}: ô "Giá trị" đã ghi cả khoảng "${c.value.text}"; hãy để trống ô "Giá trị đến".`,
      );
      return null;
    }
    if (implied !== null) {
      reader.at(SHEETS.targets, c.valueTo, `Ô ${ref(c.valueTo)}: mục tiêu "${c.value.text}" không có giá trị đến; hãy để trống ô này.`);
      return null;
    }
    if (stated && stated !== 'between') {
      reader.at(
        SHEETS.targets,
        c.valueTo,
        `Ô ${ref(c.valueTo)}: so sánh "${COMPARATOR_WORDS[stated]}" không có giá trị đến; hãy để trống ô này hoặc ghi so sánh "${COMPARATOR_WORDS.between}".`,
      );
      return null;
    }
    const problem = rangeProblem(ref(c.valueTo), read.value, upper.value);
    if (problem) {
      reader.at(SHEETS.targets, c.valueTo, problem);
      return null;
    }
    valueTo = upper.value;
    implied = 'between';
  }
  if (stated && implied && stated !== implied) {
    reader.at(
      SHEETS.targets,
      c.comparator,
      implied === 'between'
        ? `Ô ${ref(c.comparator)}: mục tiêu là một khoảng giá trị nhưng cột "So sánh" ghi "${c.comparator.text}"; hãy ghi "${COMPARATOR_WORDS.between}" hoặc để trống.`
        : `Ô ${ref(c.comparator)}: giá trị "${c.value.text}" là "${COMPARATOR_WORDS[implied]}" nhưng cột "So sánh" ghi "${c.comparator.text}"; hãy sửa một trong hai ô.`,
    );
    return null;
  }
  const comparator = stated ?? implied ?? 'at_least';
  if (comparator === 'between' && valueTo === null) {
    reader.at(
      SHEETS.targets,
      c.value,
      `Ô ${ref(c.value)}: so sánh "${COMPARATOR_WORDS.between}" cần hai giá trị; hãy ghi "1,5–1,9" ở ô "Giá trị" hoặc ghi đầu trên ở cột "Giá trị đến".`,
    );
    return null;
  }
  return { comparator, value: read.value, valueTo };
}

type KindRow = DocKind & { cells: RowCells };

const frequencyOf = wordLookup(FREQUENCY_LABELS);
const formOf = wordLookup(REPORT_FORM_WORDS);
const anchorOf = wordLookup(ANCHOR_WORDS);
const audienceOf = wordLookup(AUDIENCE_WORDS);

/** The cell each field of a report kind is read from, for the rules' errors. */
const KIND_FIELD_COLUMNS: Record<string, string> = {
  opensRule: 'opens',
  dueRule: 'due',
  consolidationDueRule: 'consolidationDue',
  dataWindow: 'dataFrom',
  fixedOpensDate: 'fixedOpens',
  fixedDueDate: 'fixedDue',
  slots: 'slots',
  periodLabel: 'periodLabel',
  agencyCodes: 'agencies',
  owedBy: 'agencies',
  frequency: 'frequency',
  years: 'years',
  form: 'form',
};

/** The "Các năm báo cáo" cell: "2028" or "2028, 2030"; empty is every year of the plan. */
function readKindYears(reader: Reader, cell: Cell): number[] {
  const parts = cell.text.split(/[,;\s]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{4}$/.test(p))) {
    reader.at(
      SHEETS.kinds,
      cell,
      `Không đọc được "${cell.text}"; ghi các năm cách nhau bằng dấu phẩy (ví dụ "2028" hoặc "2028, 2030"), để trống là mọi năm của kế hoạch.`,
    );
    return [];
  }
  return parts.map(Number);
}

/** One row of the report kinds sheet, its reminders still empty; null when its code or frequency is unreadable. */
function readKindRow(reader: Reader, c: RowCells, earlier: KindRow[]): KindRow | null {
  const code = c.code.text;
  if (!CODE_PATTERN.test(code)) {
    reader.at(SHEETS.kinds, c.code, `Mã loại báo cáo "${code}" không hợp lệ.`);
    return null;
  }
  if (earlier.some((k) => k.code === code)) reader.at(SHEETS.kinds, c.code, `Mã loại báo cáo "${code}" bị lặp.`);
  const frequency = frequencyOf(c.frequency.text);
  if (!frequency) {
    reader.at(SHEETS.kinds, c.frequency, `Tần suất "${c.frequency.text}" không có; chọn: ${Object.values(FREQUENCY_LABELS).join(', ')}.`);
    return null;
  }
  const slots = c.slots.text
    ? c.slots.text
        .split(/[,;\s]+/)
        .filter(Boolean)
        .map(Number)
    : [];
  if (slots.some((s) => !Number.isInteger(s) || s < 1))
    reader.at(SHEETS.kinds, c.slots, 'Các kỳ trong năm ghi số thứ tự kỳ, cách nhau bằng dấu phẩy (ví dụ "1, 2, 3, 4").');
  const years = readKindYears(reader, c.years);
  const form = c.form.text ? formOf(c.form.text) : 'tasks';
  if (!form) reader.at(SHEETS.kinds, c.form, `Hình thức "${c.form.text}" không có; chọn: ${Object.values(REPORT_FORM_WORDS).join(', ')}.`);
  const anchor = kindRuleAnchor(frequency, slots, years);
  const rule = (cell: Cell) => {
    const r = readDateRule(cell.text, anchor);
    if (r === undefined)
      reader.at(
        SHEETS.kinds,
        cell,
        `Không đọc được "${cell.text}"; ghi dạng "ngày 20 tháng thứ 5" (tháng thứ 1 là tháng đầu của kỳ, 0 là tháng trước kỳ)` +
          ' hoặc, cho kỳ bắt đầu cùng một tháng, "ngày 15/12 năm trước", "ngày 15/12, 3 năm trước".',
      );
    else if (r && 'error' in r) reader.at(SHEETS.kinds, cell, r.error);
    return r && !('error' in r) ? r : null;
  };
  const day = (cell: Cell) => {
    const d = cellIsoDate(cell.value);
    if (d === undefined) reader.at(SHEETS.kinds, cell, `"${cell.text}" không phải ngày (dạng 10/4/2026).`);
    return d ?? null;
  };
  const from = rule(c.dataFrom);
  const to = rule(c.dataTo);
  if ((from === null) !== (to === null))
    reader.at(SHEETS.kinds, from ? c.dataTo : c.dataFrom, 'Khoảng số liệu cần cả ngày bắt đầu và ngày kết thúc.');
  const dataWindow: DataWindowRule | null = from && to ? { start: from, end: to } : null;
  const named = cellBoolean(c.namedDayCounts.value);
  if (named === undefined) reader.at(SHEETS.kinds, c.namedDayCounts, 'Ghi "Có" hoặc "Không".');
  const owedText = foldVietnamese(c.agencies.text);
  const taskAgencies = owedText === '' || owedText === foldVietnamese(OWED_BY_TASK_AGENCIES);
  return {
    code,
    name: c.name.text,
    frequency,
    slots: slots.filter((s) => Number.isInteger(s)),
    years,
    form: form ?? 'tasks',
    periodLabel: c.periodLabel.text,
    opensRule: rule(c.opens),
    dueRule: rule(c.due),
    dataWindow,
    consolidationDueRule: rule(c.consolidationDue),
    fixedOpensDate: day(c.fixedOpens),
    fixedDueDate: day(c.fixedDue),
    namedDayCounts: named ?? false,
    owedBy: taskAgencies ? 'task_agencies' : 'listed',
    agencyCodes: taskAgencies ? [] : reader.agencies(SHEETS.kinds, c.agencies),
    ...(taskAgencies ? {} : reader.groupField('agencyGroups', SHEETS.kinds, c.agencies)),
    reminderRules: [],
    ...readKindFeed(reader, c.feeds),
    cells: c,
  };
}

/**
 * The "Gửi tiếp" cell: "BXD-2026-2030 / semiannual", the next level's plan and kind the
 * consolidated report feeds (checked against the database at import); empty: none.
 */
function readKindFeed(reader: Reader, cell: Cell): Pick<DocKind, 'feeds' | 'feedsSource'> {
  if (!cell.text) return {};
  const feeds = parseKindFeed(nfc(cell.text));
  if (!feeds) {
    reader.at(
      SHEETS.kinds,
      cell,
      `Không đọc được "${cell.text}"; ghi mã kế hoạch cấp trên và mã loại báo cáo cách nhau bằng "/", ví dụ "BXD-2026-2030 / semiannual".`,
    );
    return {};
  }
  return { feeds, feedsSource: { row: cell.row, column: cell.column } };
}

/** One row of the reminders sheet as a rule; null when it cannot be one (each problem an error at its cell). */
function readReminderRow(reader: Reader, c: RowCells): ReminderRule | null {
  const anchor = anchorOf(c.anchor.text);
  const audience = audienceOf(c.audience.text);
  const offset = cellInteger(c.offsetDays.value);
  const repeat = cellInteger(c.repeatEveryDays.value);
  const until = cellInteger(c.untilDays.value);
  if (!anchor) reader.at(SHEETS.reminders, c.anchor, `Mốc "${c.anchor.text}" không có; chọn: ${Object.values(ANCHOR_WORDS).join(', ')}.`);
  if (!audience)
    reader.at(SHEETS.reminders, c.audience, `Người nhận "${c.audience.text}" không có; chọn: ${Object.values(AUDIENCE_WORDS).join(', ')}.`);
  if (offset === null || offset === undefined)
    reader.at(SHEETS.reminders, c.offsetDays, 'Số ngày so với mốc phải là số nguyên (âm là trước mốc).');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(c.time.text)) reader.at(SHEETS.reminders, c.time, 'Giờ gửi ghi dạng HH:MM, ví dụ 08:00.');
  if (repeat === undefined || (repeat !== null && repeat < 1))
    reader.at(SHEETS.reminders, c.repeatEveryDays, 'Lặp lại mỗi bao nhiêu ngày: số nguyên dương hoặc để trống.');
  if (until === undefined) reader.at(SHEETS.reminders, c.untilDays, 'Tối đa bao nhiêu ngày sau mốc: số nguyên hoặc để trống.');
  if (!anchor || !audience || offset === null || offset === undefined) return null;
  const r: ReminderRule = { code: c.code.text, anchor, offsetDays: offset, time: c.time.text, audience };
  if (repeat) r.repeatEveryDays = repeat;
  if (until !== null && until !== undefined) r.untilDays = until;
  return r;
}

/** Adds the reminders sheet's rules to their kinds; answers the codes of the kinds it lists. */
function readReminders(reader: Reader, wsReminders: ExcelJS.Worksheet | undefined, kinds: KindRow[]): Set<string> {
  const explicit = new Set<string>();
  for (const c of tableRows(reader, wsReminders, SHEETS.reminders, REMINDER_COLUMNS, false).rows) {
    const kind = kinds.find((k) => k.code === c.kind.text);
    if (!kind) {
      reader.at(SHEETS.reminders, c.kind, `Không có loại báo cáo mã "${c.kind.text}" trong trang "${SHEETS.kinds}".`);
      continue;
    }
    explicit.add(kind.code);
    const rule = readReminderRow(reader, c);
    if (rule) kind.reminderRules.push(rule);
  }
  return explicit;
}

/** The regime admin's checks on a kind read cleanly so far, each error at the cell it comes from. */
function checkKind(reader: Reader, k: KindRow, years: [number, number]): void {
  if (!k.name) reader.at(SHEETS.kinds, k.cells.name, 'Thiếu tên loại báo cáo.');
  if (!k.periodLabel) reader.at(SHEETS.kinds, k.cells.periodLabel, 'Thiếu tên kỳ báo cáo (có thể dùng {year} và {slot}).');
  if (reader.errors.some((e) => e.sheet === SHEETS.kinds && e.row === k.cells.code.row)) return;
  for (const e of reportKindErrors(k, years[0], years[1])) {
    const field = e.path.split('.')[0];
    // The window's end is its own cell ("Số liệu đến"); other window errors sit at its start.
    const column = e.path.startsWith('dataWindow.end') ? 'dataTo' : (KIND_FIELD_COLUMNS[field] ?? 'code');
    const cell = field === 'reminderRules' ? null : k.cells[column];
    if (cell) reader.at(SHEETS.kinds, cell, e.message);
    else reader.error(SHEETS.reminders, null, null, `Loại báo cáo "${k.code}": ${e.message}`);
  }
}

function readKinds(
  reader: Reader,
  wsKinds: ExcelJS.Worksheet | undefined,
  wsReminders: ExcelJS.Worksheet | undefined,
  years: [number, number],
): DocKind[] {
  const out: KindRow[] = [];
  for (const c of tableRows(reader, wsKinds, SHEETS.kinds, KIND_COLUMNS, true).rows) {
    const kind = readKindRow(reader, c, out);
    if (kind) out.push(kind);
  }
  const explicit = readReminders(reader, wsReminders, out);
  for (const k of out) {
    if (!explicit.has(k.code)) k.reminderRules = defaultRulesFor(k);
    checkKind(reader, k, years);
  }
  return out.map(({ cells: _c, ...k }) => k);
}

/** An agency already in the system, with the province it belongs to. */
export type KnownAgency = DocAgency & { jurisdiction: string | null };

const profileOf = ({ jurisdiction: _j, ...a }: KnownAgency): DocAgency => a;

const bodyKindOf = wordLookup(BODY_KIND_WORDS);

/** The plan's province: the "Tỉnh, thành phố" row, else the one its issuing body names ("… tỉnh Cao Bằng"). */
function planJurisdiction(planCells: Record<string, Cell>): string | null {
  const stated = planCells.jurisdiction?.text.replace(/^(tỉnh|thành phố)\s+/iu, '').trim();
  return nfc(stated || jurisdictionFromName(planCells.issuingBody?.text ?? '') || '') || null;
}

/** "Tuyên Quang" → "TQ": initials for a suggested code. */
function jurisdictionCode(jurisdiction: string | null): string {
  if (!jurisdiction) return 'KH';
  return foldVietnamese(jurisdiction)
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();
}

/** The identity rows of the plan sheet: the kind of body checked, the sender's address checked, the rest as typed. */
function readIdentity(reader: Reader, planCells: Record<string, Cell>, jurisdiction: string | null): PlanIdentitySettings {
  const text = (key: keyof PlanIdentitySettings) => nfc(planCells[key]?.text ?? '') || null;
  let bodyKind: BodyKind = 'state';
  if (planCells.bodyKind.text) {
    const k = bodyKindOf(planCells.bodyKind.text);
    if (k) bodyKind = k;
    else reader.at(SHEETS.plan, planCells.bodyKind, `Ghi "${BODY_KIND_WORDS.state}" hoặc "${BODY_KIND_WORDS.party}".`);
  }
  const senderEmail = text('senderEmail');
  if (senderEmail && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(senderEmail))
    reader.at(SHEETS.plan, planCells.senderEmail, `Địa chỉ email "${senderEmail}" không hợp lệ.`);
  return {
    jurisdiction,
    bodyKind,
    letterheadParent: text('letterheadParent'),
    numberSymbol: text('numberSymbol'),
    placeName: text('placeName'),
    signerAuthority: text('signerAuthority'),
    signerTitle: text('signerTitle'),
    signerName: text('signerName'),
    storageLine: text('storageLine'),
    senderName: text('senderName'),
    senderEmail: senderEmail?.toLowerCase() ?? null,
  };
}

/** The plan sheet's checked values (the plain texts are read from its cells where the document is built). */
interface PlanFields {
  code: string;
  startYear: number | null | undefined;
  endYear: number | null | undefined;
  documentDate: string | null | undefined;
  rollForward: boolean | null | undefined;
  coordinating: string | null;
  recipient: string | null;
  identity: PlanIdentitySettings;
}

function readPlanFields(reader: Reader, planCells: Record<string, Cell>, jurisdiction: string | null): PlanFields {
  const startYear = cellInteger(planCells.startYear.value);
  const endYear = cellInteger(planCells.endYear.value);
  if (planCells.startYear.text && (!startYear || startYear < 2000 || startYear > 2100))
    reader.at(SHEETS.plan, planCells.startYear, 'Năm bắt đầu phải từ 2000 đến 2100.');
  if (planCells.endYear.text && (!endYear || endYear < (startYear ?? 2000) || endYear > 2100))
    reader.at(SHEETS.plan, planCells.endYear, 'Năm kết thúc phải từ năm bắt đầu đến 2100.');
  const code = planCells.code.text;
  if (code && !CODE_PATTERN.test(code))
    reader.at(SHEETS.plan, planCells.code, `Mã kế hoạch "${code}" không hợp lệ: 1–48 ký tự chữ không dấu, số, ".", "_" hoặc "-".`);
  const documentDate = cellIsoDate(planCells.documentDate.value);
  if (documentDate === undefined)
    reader.at(SHEETS.plan, planCells.documentDate, `"${planCells.documentDate.text}" không phải ngày (dạng 28/11/2025).`);
  const rollForward = cellBoolean(planCells.rollForward.value);
  if (rollForward === undefined) reader.at(SHEETS.plan, planCells.rollForward, 'Ghi "Có" hoặc "Không".');
  const coordinating = reader.agency(SHEETS.plan, planCells.coordinatingAgency);
  const recipient = reader.agency(SHEETS.plan, planCells.recipientAgency);
  for (const [key, max] of [
    ['issuingBody', 255],
    ['documentNumber', 64],
    ['regimeCode', 48],
    ['regimeName', 255],
    ['jurisdiction', 64],
    ['letterheadParent', 255],
    ['numberSymbol', 32],
    ['placeName', 64],
    ['signerAuthority', 64],
    ['signerTitle', 64],
    ['signerName', 128],
    ['storageLine', 128],
    ['senderName', 255],
    ['senderEmail', 254],
  ] as const) {
    if (planCells[key].text.length > max) reader.at(SHEETS.plan, planCells[key], `Dài quá ${max} ký tự.`);
  }
  const identity = readIdentity(reader, planCells, jurisdiction);
  return { code, startYear, endYear, documentDate, rollForward, coordinating, recipient, identity };
}

/** A sheet with something typed in it: a value or a formula, not only blanks, spaces or formatting. */
function hasContent(ws: ExcelJS.Worksheet): boolean {
  let found = false;
  ws.eachRow((row) => {
    if (!found)
      row.eachCell((c) => {
        const v = c.value;
        found ||= cellText(v) !== '' || (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v));
      });
  });
  return found;
}

const isFixedSheet = (ws: ExcelJS.Worksheet) => [...FIXED_SHEETS].some((f) => foldVietnamese(f) === foldVietnamese(ws.name));

/**
 * Every sheet with content that is not one of the fixed ones is a section (an empty "Sheet2" Excel
 * added is skipped); progress runs from 0.2 to 0.7 over them.
 */
async function readSections(
  reader: Reader,
  wb: ExcelJS.Workbook,
  progress: (fraction: number) => Promise<void> | void,
): Promise<{ sectionSheets: ExcelJS.Worksheet[]; sections: DocSection[] }> {
  const sectionSheets = wb.worksheets.filter((w) => !isFixedSheet(w) && hasContent(w));
  if (sectionSheets.length === 0)
    reader.error('', null, null, 'Bảng tính chưa có trang phụ lục nào (mỗi phụ lục một trang, ví dụ "PL01").');
  const sections: DocSection[] = [];
  for (const [i, ws] of sectionSheets.entries()) {
    const s = readSection(reader, ws);
    if (s) {
      if (sections.some((x) => x.code === s.code)) reader.error(ws.name, 1, 'B', `Mã phụ lục "${s.code}" bị lặp.`);
      sections.push(s);
    }
    await progress(0.2 + (0.5 * (i + 1)) / sectionSheets.length);
  }
  return { sectionSheets, sections };
}

/** The sections' tasks by code, a code used twice an error at its second row's STT. */
function indexTasks(reader: Reader, sectionSheets: ExcelJS.Worksheet[], sections: DocSection[]): Map<string, DocTask> {
  const tasks = new Map<string, DocTask>();
  for (const { section, task } of flattenTasks(sections)) {
    if (tasks.has(task.code)) {
      const ref = (task as DocTask & { ref?: Cell }).ref;
      reader.error(
        sectionSheets.find((w) => readSectionCode(w) === section.code)?.name ?? section.code,
        ref?.row ?? null,
        ref?.column ?? null,
        `Mã nhiệm vụ "${task.code}" bị lặp; sửa STT hoặc ghi mã khác ở cột "Mã nhiệm vụ".`,
      );
    }
    tasks.set(task.code, task);
    delete (task as DocTask & { ref?: Cell }).ref;
  }
  return tasks;
}

/** The agency sheet's agencies and the known ones the plan refers to, by code. */
function documentAgencies(
  sheetAgencies: DocAgency[],
  known: DocAgency[],
  fields: PlanFields,
  tasks: Map<string, DocTask>,
  indicators: DocIndicator[],
  kinds: DocKind[],
  groups: DocAgencyGroup[] = [],
): DocAgency[] {
  const sheetCodes = new Set(sheetAgencies.map((a) => a.code));
  const referenced = new Set<string>([fields.coordinating ?? '', fields.recipient ?? '']);
  groups.forEach((g) => g.members.forEach((c) => referenced.add(c)));
  for (const t of tasks.values()) [...t.leads, ...t.cooperating].forEach((c) => referenced.add(c));
  indicators.forEach((i) => i.owners.forEach((c) => referenced.add(c)));
  kinds.forEach((k) => k.agencyCodes.forEach((c) => referenced.add(c)));
  return [...sheetAgencies, ...known.filter((k) => referenced.has(k.code) && !sheetCodes.has(k.code))].sort((a, b) =>
    a.code < b.code ? -1 : 1,
  );
}

/** The plan and regime parts of the document, from a plan sheet read without errors. */
function planAndRegime(planCells: Record<string, Cell>, fields: PlanFields): Pick<PlanDocument, 'plan' | 'regime'> {
  return {
    plan: {
      code: fields.code,
      title: planCells.title.text,
      issuingBody: planCells.issuingBody.text,
      documentNumber: planCells.documentNumber.text || null,
      documentDate: fields.documentDate ?? null,
      legalBasis: planCells.legalBasis.text || null,
      startYear: fields.startYear!,
      endYear: fields.endYear!,
      coordinatingAgency: fields.coordinating!,
      recipientAgency: fields.recipient,
      ...fields.identity,
    },
    regime: {
      code: planCells.regimeCode.text || 'DEFAULT',
      name: planCells.regimeName.text || 'Chế độ báo cáo thực hiện kế hoạch',
      legalBasis: planCells.regimeLegalBasis.text || null,
      rollForward: fields.rollForward ?? false,
    },
  };
}

const FILL_IN_TEMPLATE = `Hãy tải mẫu nhập kế hoạch, điền các trang "${SHEETS.plan}", phụ lục (như "PL01") và "${SHEETS.kinds}" rồi nhập lại.`;

/** "trang "A"" or "các trang "A", "B"", at most five named. */
function sheetList(sheets: ExcelJS.Worksheet[]): string {
  const names = sheets.slice(0, 5).map((w) => `"${nfc(w.name)}"`);
  return `${sheets.length > 1 ? 'các trang' : 'trang'} ${names.join(', ')}${sheets.length > 5 ? ', …' : ''}`;
}

/**
 * The one refusal of a workbook that holds no plan at all: no sheet, only empty sheets, or sheets
 * of other data (no fixed sheet, none laid out as an appendix). A single message says so rather
 * than one "missing" per sheet and field. Null when the workbook looks like a plan.
 */
function notAPlanWorkbook(wb: ExcelJS.Workbook): string | null {
  if (wb.worksheets.length === 0) return `Bảng tính không có trang tính nào. ${FILL_IN_TEMPLATE}`;
  const filled = wb.worksheets.filter(hasContent);
  if (filled.length === 0) return `Bảng tính trống: ${sheetList(wb.worksheets)} không có dữ liệu. ${FILL_IN_TEMPLATE}`;
  if (filled.some((ws) => isFixedSheet(ws) || looksLikeSection(ws))) return null;
  return (
    `Bảng tính này không phải kế hoạch theo mẫu nhập: không có trang "${SHEETS.plan}", trang phụ lục (như "PL01") hay trang ` +
    `"${SHEETS.kinds}" nào (tệp chỉ có ${sheetList(wb.worksheets)}). ${FILL_IN_TEMPLATE}`
  );
}

/**
 * Reads a plan workbook. `known` are the agencies already in the system; names in the workbook
 * match them or the workbook's own agency sheet. Every problem is reported, none stops the read.
 */
export async function readPlanWorkbook(
  buffer: Buffer,
  known: KnownAgency[],
  progress: (fraction: number) => Promise<void> | void = () => {},
): Promise<WorkbookReadResult> {
  const reader = new Reader();
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    reader.error('', null, null, 'Tệp không phải bảng tính Excel (.xlsx) đọc được.');
    return { doc: null, errors: reader.errors, unmatchedAgencies: [] };
  }
  const notAPlan = notAPlanWorkbook(wb);
  if (notAPlan) {
    reader.error('', null, null, notAPlan);
    return { doc: null, errors: reader.errors, unmatchedAgencies: [] };
  }
  const sheet = (name: string) => wb.worksheets.find((w) => foldVietnamese(w.name) === foldVietnamese(name));

  const planCells = readPlanSheet(reader, sheet(SHEETS.plan));
  const jurisdiction = planJurisdiction(planCells);
  const agencies = readAgencies(reader, sheet(SHEETS.agencies), known, jurisdiction);
  const sheetCodes = new Set(agencies.map((a) => a.code));
  const local = known.filter((a) => a.jurisdiction === jurisdiction && !sheetCodes.has(a.code));
  for (const a of local) reader.matcher.addKnown(a);
  for (const a of agencies) reader.matcher.addOwn(a);
  const groups = readGroups(reader, sheet(SHEETS.groups), agencies);
  const fields = readPlanFields(reader, planCells, jurisdiction);
  reader.capitalPhases = readCapitalPhases(reader, sheet(SHEETS.plan), fields);
  await progress(0.2);

  const { sectionSheets, sections } = await readSections(reader, wb, progress);
  const tasks = indexTasks(reader, sectionSheets, sections);
  readMilestones(reader, sheet(SHEETS.milestones), tasks);
  const { startYear, endYear } = fields;
  const years: [number, number] = [startYear ?? 2000, endYear ?? 2100];
  const indicators = readIndicators(reader, sheet(SHEETS.indicators), sheet(SHEETS.targets), tasks, years);
  const kinds = startYear && endYear ? readKinds(reader, sheet(SHEETS.kinds), sheet(SHEETS.reminders), years) : [];
  await progress(0.8);

  const docAgencies = documentAgencies(agencies, local.map(profileOf), fields, tasks, indicators, kinds, groups);
  const accounts = readAccounts(reader, sheet(SHEETS.accounts));
  const doc: PlanDocument | null = reader.errors.length
    ? null
    : {
        ...planAndRegime(planCells, fields),
        agencies: docAgencies,
        sections,
        indicators,
        kinds,
        ...accounts,
        ...(groups.length ? { groups } : {}),
      };
  if (doc && reader.capitalPhases.length) doc.plan.capitalPhases = reader.capitalPhases;
  return { doc, errors: reader.errors, unmatchedAgencies: [...reader.unmatched].map(nfc) };
}

/** The plan sheet's "Các giai đoạn vốn" row (any row, label in column A): the plan's capital phases; each problem at its cell. */
function readCapitalPhases(reader: Reader, ws: ExcelJS.Worksheet | undefined, fields: PlanFields): CapitalPhaseSpan[] {
  for (let r = 1; ws && r <= ws.rowCount; r++) {
    if (foldVietnamese(cellText(ws.getCell(r, 1).value)) !== foldVietnamese(CAPITAL_PHASES_LABEL)) continue;
    const years: [number, number] | null = fields.startYear && fields.endYear ? [fields.startYear, fields.endYear] : null;
    const { phases, problems } = parseCapitalPhases(cellText(ws.getCell(r, 2).value), years);
    problems.forEach((p) => reader.error(SHEETS.plan, r, 'B', p));
    return problems.length ? [] : phases;
  }
  return [];
}

function readSectionCode(ws: ExcelJS.Worksheet): string {
  return foldVietnamese(cellText(ws.getCell(1, 1).value)).startsWith('ma phu luc') ? cellText(ws.getCell(1, 2).value) : ws.name;
}

const accountRoleOf = wordLookup(ACCOUNT_ROLE_WORDS);
const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The username a reporter or a head gets when the sheet leaves it blank: the agency code in lower case, "-ld" for a head. */
export function conventionalUsername(agencyCode: string, role: 'reporter' | 'head'): string {
  const code = agencyCode.toLowerCase();
  return role === 'head' ? `${code}-ld` : code;
}

/**
 * The optional accounts sheet, one person a row and no password (the import sends each new user
 * a welcome link to choose one). Agencies are matched like every agency cell; a reporter's or a
 * head's username may be left blank (conventionalUsername). Without the sheet the document has
 * no accounts part.
 */
function readAccounts(reader: Reader, ws: ExcelJS.Worksheet | undefined): Pick<PlanDocument, 'accounts'> {
  if (!ws) return {};
  const sheet = SHEETS.accounts;
  const accounts: DocAccount[] = [];
  const seen = new Set<string>();
  for (const c of tableRows(reader, ws, sheet, ACCOUNT_COLUMNS, false).rows) {
    const role = accountRoleOf(c.role.text);
    const roles = Object.values(ACCOUNT_ROLE_WORDS).join('; ');
    if (!role)
      reader.at(
        sheet,
        c.role,
        c.role.text ? `Vai trò "${c.role.text}" không có; chọn một trong: ${roles}.` : `Thiếu vai trò; chọn một trong: ${roles}.`,
      );
    if (!c.agency.text) reader.at(sheet, c.agency, 'Thiếu cơ quan, đơn vị của người dùng.');
    const agency = reader.agency(sheet, c.agency);
    let username = c.username.text.toLowerCase();
    if (!username && agency && (role === 'reporter' || role === 'head')) username = conventionalUsername(agency, role);
    if (!username)
      reader.at(
        sheet,
        c.username,
        'Thiếu tên đăng nhập (chỉ cán bộ báo cáo và lãnh đạo cơ quan được để trống: hệ thống đặt theo mã cơ quan).',
      );
    else if (!USERNAME_PATTERN.test(username))
      reader.at(sheet, c.username, `Tên đăng nhập "${username}" không hợp lệ: 2–64 chữ thường không dấu, số, ".", "-" hoặc "_".`);
    else if (seen.has(username)) reader.at(sheet, c.username, `Tên đăng nhập "${username}" bị lặp.`);
    seen.add(username);
    if (!c.displayName.text) reader.at(sheet, c.displayName, 'Thiếu họ và tên.');
    else if (c.displayName.text.length > 255) reader.at(sheet, c.displayName, 'Họ và tên dài quá 255 ký tự.');
    const email = c.email.text;
    if (email && (!EMAIL_PATTERN.test(email) || email.length > 255)) reader.at(sheet, c.email, `Địa chỉ email "${email}" không hợp lệ.`);
    accounts.push({
      username,
      displayName: c.displayName.text,
      email: email || null,
      role: role ?? 'reporter',
      agency: agency ?? '',
      source: { row: c.username.row, usernameColumn: c.username.column, emailColumn: c.email.column },
    });
  }
  return { accounts };
}
