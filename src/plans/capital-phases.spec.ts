import { parseCapitalPhases, parsePhaseSpan, phaseLabel, phaseOfYear } from './capital-phases';

describe('capital phases', () => {
  it('reads a span as people type it', () => {
    expect(parsePhaseSpan('2026–2027')).toEqual({ startYear: 2026, endYear: 2027 });
    expect(parsePhaseSpan('2026 - 2027')).toEqual({ startYear: 2026, endYear: 2027 });
    expect(parsePhaseSpan('Giai đoạn 2028—2030')).toEqual({ startYear: 2028, endYear: 2030 });
    expect(parsePhaseSpan('từ 2026 đến 2027')).toEqual({ startYear: 2026, endYear: 2027 });
    expect(parsePhaseSpan('2026')).toEqual({ startYear: 2026, endYear: 2026 });
    expect(parsePhaseSpan('hai năm đầu')).toBeNull();
    expect(parsePhaseSpan('26-27')).toBeNull();
  });

  it('labels a phase with an en dash, a one-year phase by its year', () => {
    expect(phaseLabel({ startYear: 2026, endYear: 2027 })).toBe('2026–2027');
    expect(phaseLabel({ startYear: 2030, endYear: 2030 })).toBe('2030');
  });

  it('reads the list of phases within the plan years, in order', () => {
    expect(parseCapitalPhases('2026–2027; 2028–2030', [2026, 2030])).toEqual({
      phases: [
        { startYear: 2026, endYear: 2027 },
        { startYear: 2028, endYear: 2030 },
      ],
      problems: [],
    });
    expect(parseCapitalPhases('2021-2025\n2026-2030', [2021, 2030]).phases).toHaveLength(2);
    expect(parseCapitalPhases('', [2026, 2030])).toEqual({ phases: [], problems: [] });
  });

  it('refuses unreadable, reversed, outside and overlapping spans with a Vietnamese sentence each', () => {
    expect(parseCapitalPhases('2026–2027; đầu kỳ', [2026, 2030]).problems).toEqual([
      'Không đọc được giai đoạn "đầu kỳ"; ghi dạng "2026–2027", các giai đoạn cách nhau bằng dấu ";".',
    ]);
    expect(parseCapitalPhases('2028–2026', [2026, 2030]).problems[0]).toContain('năm cuối phải không nhỏ hơn năm đầu');
    expect(parseCapitalPhases('2025–2027', [2026, 2030]).problems).toEqual([
      'Giai đoạn 2025–2027 nằm ngoài thời gian của kế hoạch (2026–2030).',
    ]);
    expect(parseCapitalPhases('2026–2028; 2028–2030', [2026, 2030]).problems).toEqual([
      'Giai đoạn 2028–2030 phải bắt đầu sau giai đoạn 2026–2028 (các giai đoạn theo thứ tự, không chồng lên nhau).',
    ]);
    expect(parseCapitalPhases('2028–2030; 2026–2027', [2026, 2030]).problems).toHaveLength(1);
  });

  it('finds the phase of a year', () => {
    const phases = parseCapitalPhases('2026–2027; 2028–2030', [2026, 2030]).phases;
    expect(phaseOfYear(phases, 2027)).toEqual({ startYear: 2026, endYear: 2027 });
    expect(phaseOfYear(phases, 2029)).toEqual({ startYear: 2028, endYear: 2030 });
    expect(phaseOfYear(phases, 2031)).toBeUndefined();
  });
});
