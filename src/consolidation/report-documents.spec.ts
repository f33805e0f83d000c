import { roman } from './report-content';
import { localDateCell, rowHeight } from './report-xlsx';

describe('the consolidated documents', () => {
  it('numbers appendices in Roman numerals', () => {
    expect([1, 2, 3, 4, 5, 9, 14].map(roman)).toEqual(['I', 'II', 'III', 'IV', 'V', 'IX', 'XIV']);
  });

  it('writes a sent time as the date cell of its Vietnamese wall time', () => {
    // 03:20 UTC is 10:20 in Hà Nội: the cell shows 19/05/2026 10:20 whatever the reader's zone.
    expect(localDateCell('2026-05-19T03:20:00.000Z')!.toISOString()).toBe('2026-05-19T10:20:00.000Z');
    expect(localDateCell('2026-05-19T18:30:00+00:00')!.toISOString()).toBe('2026-05-20T01:30:00.000Z');
    expect(localDateCell(null)).toBeNull();
  });

  it('grows a row for its longest wrapped text', () => {
    expect(rowHeight(['II.1.(2)', 'ngắn'], [14, 60])).toBe(15.75);
    expect(rowHeight(['II.1.(2)', 'x'.repeat(140)], [14, 60])).toBe(3 * 15.75);
    expect(rowHeight([12.5, null, 'hai\ndòng'], [10, 10, 40])).toBe(2 * 15.75);
  });
});
