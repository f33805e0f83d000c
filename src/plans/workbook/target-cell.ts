import type ExcelJS from 'exceljs';
import { formatViDecimal } from '../../common/decimal';
import { foldVietnamese } from '../../common/vietnamese';
import { COMPARATOR_LABELS, Comparator } from '../indicator-target.entity';
import { compareDecimal } from '../indicator-target';
import { cellText, DecimalProblem, readDecimalCell } from './cells';

/**
 * What a "Giá trị" cell of the `Chỉ tiêu theo năm` sheet says: a number ("80", 1.5), a range
 * ("1,5–1,9", "1,5 - 1,9", "từ 1,5 đến 1,9") or a value with a word ("khoảng 60", "tối thiểu 80").
 * `comparator` is what the cell itself implies (null for a bare number: the "So sánh" column decides).
 */
export interface TargetValue {
  comparator: Comparator | null;
  value: string;
  valueTo: string | null;
}

/** The words a value may start with, folded (no case, no diacritics), and the comparator each means. */
const VALUE_WORDS: [string, Comparator][] = [
  ['khoang', 'about'],
  ['toi thieu', 'at_least'],
  ['it nhat', 'at_least'],
  ['khong duoi', 'at_least'],
  ['tren', 'at_least'],
  ['toi da', 'at_most'],
  ['khong qua', 'at_most'],
  ['tu', 'between'],
];

/** Two numbers joined by an en or em dash, a hyphen or "đến" (folded "den"). */
const RANGE = /^(.+?)\s*(?:–|—|-|\bden\b)\s*(.+)$/;

/** Why one number of a target cell is not read, naming the cell ("D5"). */
export function targetNumberProblem(ref: string, text: string, p: DecimalProblem): string {
  switch (p.problem) {
    case 'ambiguous':
      return (
        `Ô ${ref}: giá trị "${text}" không rõ nghĩa: dấu phẩy là dấu thập phân (${formatViDecimal(p.asDecimal)}) hay dấu phân cách ` +
        `hàng nghìn (${formatViDecimal(p.asThousands)})? Hãy ghi "${p.asThousands}" nếu là ${formatViDecimal(p.asThousands)}, ` +
        `hoặc nhập ô dạng số nếu là ${formatViDecimal(p.asDecimal)}.`
      );
    case 'english':
      return `Ô ${ref}: giá trị "${text}" ghi theo kiểu tiếng Anh; hãy ghi kiểu Việt Nam "${formatViDecimal(p.value)}" hoặc "${p.value}".`;
    case 'precision':
      return `Ô ${ref}: giá trị ${formatViDecimal(p.value)} có quá 3 chữ số thập phân; hãy làm tròn, ví dụ ${formatViDecimal(p.rounded)}.`;
    default:
      return `Ô ${ref}: giá trị "${text}" không phải số không âm (tối đa 3 chữ số thập phân), khoảng "1,5–1,9" hay "khoảng 60".`;
  }
}

/** Reads a "Giá trị" cell; `error` is the Vietnamese refusal naming the cell. */
export function readTargetValue(cell: ExcelJS.CellValue, ref: string): TargetValue | { error: string } {
  const value = typeof cell === 'object' && cell !== null && 'result' in cell ? cell.result : cell;
  const text = cellText(value);
  if (typeof value === 'number' || text === '') {
    const read = readDecimalCell(value);
    if ('problem' in read) return { error: targetNumberProblem(ref, text, read) };
    if (read.value === null) return { error: `Ô ${ref}: thiếu giá trị của chỉ tiêu.` };
    return { comparator: null, value: read.value, valueTo: null };
  }
  let rest = foldVietnamese(text);
  let word: Comparator | null = null;
  for (const [w, c] of VALUE_WORDS) {
    if (rest.startsWith(w) && /^[\s\d]/.test(rest.slice(w.length))) {
      word = c;
      rest = rest.slice(w.length).trim();
      break;
    }
  }
  // The parts are folded text, the same as typed for digits; an unreadable one is named as typed.
  const number = (part: string): string | { error: string } => {
    const read = readDecimalCell(part);
    if ('problem' in read) return { error: targetNumberProblem(ref, read.problem === 'invalid' ? text : part, read) };
    return read.value ?? { error: `Ô ${ref}: thiếu giá trị của chỉ tiêu.` };
  };
  const range = RANGE.exec(rest);
  if (range) {
    if (word && word !== 'between')
      return { error: `Ô ${ref}: "${text}" là một khoảng giá trị nên không ghi kèm "${COMPARATOR_LABELS[word]}"; hãy ghi dạng "1,5–1,9".` };
    const [low, high] = [number(range[1]), number(range[2])];
    if (typeof low !== 'string') return low;
    if (typeof high !== 'string') return high;
    const problem = rangeProblem(ref, low, high);
    return problem ? { error: problem } : { comparator: 'between', value: low, valueTo: high };
  }
  if (word === 'between') return { error: `Ô ${ref}: "${text}" thiếu giá trị cuối của khoảng; hãy ghi "từ 1,5 đến 1,9" hoặc "1,5–1,9".` };
  const single = number(rest);
  if (typeof single !== 'string') return single;
  return { comparator: word, value: single, valueTo: null };
}

/** A reversed ("1,9–1,5") or empty ("1,5–1,5") range, naming the cell; null when the range is right. */
export function rangeProblem(ref: string, low: string, high: string): string | null {
  const [l, h] = [formatViDecimal(low), formatViDecimal(high)];
  const cmp = compareDecimal(low, high);
  if (cmp > 0) return `Ô ${ref}: khoảng "${l}–${h}" bị ngược: giá trị đầu phải nhỏ hơn giá trị cuối; hãy ghi "${h}–${l}".`;
  if (cmp === 0) return `Ô ${ref}: khoảng "${l}–${h}" có hai đầu bằng nhau; hãy ghi một giá trị "${l}" với so sánh "Bằng" hoặc "Khoảng".`;
  return null;
}
