import { foldVietnamese } from '../common/vietnamese';

/** A capital phase of a plan: a span of its years ("2026–2027"; one year when both ends are equal). */
export interface CapitalPhaseSpan {
  startYear: number;
  endYear: number;
}

/** A section's or a task's capital need in one phase, by the phase's label; a figure may be missing. */
export interface PhaseCapitalFigures {
  phase: string;
  total: string | null;
  stateBudget: string | null;
  nonStateBudget: string | null;
}

/** "2026–2027" (en dash, as the plans write it), or "2026" for a one-year phase. */
export function phaseLabel(p: CapitalPhaseSpan): string {
  return p.startYear === p.endYear ? String(p.startYear) : `${p.startYear}–${p.endYear}`;
}

const SPAN = /^(?:giai doan\s+)?(\d{4})(?:\s*(?:-|–|—|den)\s*(\d{4}))?$/;

/** One span as people type it: "2026–2027", "2026 - 2027", "giai đoạn 2026-2027", "2026"; null otherwise. */
export function parsePhaseSpan(text: string): CapitalPhaseSpan | null {
  const m = SPAN.exec(foldVietnamese(text).replace(/^tu\s+/, ''));
  if (!m) return null;
  const startYear = Number(m[1]);
  const endYear = m[2] ? Number(m[2]) : startYear;
  return { startYear, endYear };
}

/**
 * The plan sheet's "Các giai đoạn vốn" cell ("2026–2027; 2028–2030"): spans separated by ";" or new
 * lines, each within the plan's years, in order and not overlapping. Every problem is a Vietnamese
 * sentence; the phases are only good when there is none.
 */
export function parseCapitalPhases(text: string, years: [number, number] | null): { phases: CapitalPhaseSpan[]; problems: string[] } {
  const phases: CapitalPhaseSpan[] = [];
  const problems: string[] = [];
  const items = text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    const span = parsePhaseSpan(item);
    if (!span) {
      problems.push(`Không đọc được giai đoạn "${item}"; ghi dạng "2026–2027", các giai đoạn cách nhau bằng dấu ";".`);
      continue;
    }
    const label = phaseLabel(span);
    if (span.endYear < span.startYear) problems.push(`Giai đoạn "${item}": năm cuối phải không nhỏ hơn năm đầu.`);
    else if (years && (span.startYear < years[0] || span.endYear > years[1]))
      problems.push(`Giai đoạn ${label} nằm ngoài thời gian của kế hoạch (${years[0]}–${years[1]}).`);
    else {
      const last = phases[phases.length - 1];
      if (last && span.startYear <= last.endYear)
        problems.push(
          `Giai đoạn ${label} phải bắt đầu sau giai đoạn ${phaseLabel(last)} (các giai đoạn theo thứ tự, không chồng lên nhau).`,
        );
      else phases.push(span);
    }
  }
  return { phases, problems };
}

/** The phase a year falls in, if any. */
export function phaseOfYear<T extends CapitalPhaseSpan>(phases: T[], year: number): T | undefined {
  return phases.find((p) => p.startYear <= year && year <= p.endYear);
}
