import { formatDateRule, kindRuleAnchor, readDateRule } from './cells';

describe('date rules as the workbook writes them', () => {
  const midTerm2028 = kindRuleAnchor('annual', [], [2028]);
  const reviews = kindRuleAnchor('annual', [], [2028, 2030]);
  const quarterly = kindRuleAnchor('quarterly', [], []);

  it('keeps "ngày D tháng thứ N" for days near the period', () => {
    expect(formatDateRule({ monthOffset: -1, day: 15 }, midTerm2028)).toBe('ngày 15 tháng thứ 0');
    expect(formatDateRule({ monthOffset: 5, day: 20 }, midTerm2028)).toBe('ngày 20 tháng thứ 6');
    expect(readDateRule('ngày 20 tháng thứ 6', midTerm2028)).toEqual({ monthOffset: 5, day: 20 });
  });

  it('names a day years before the period by the calendar: a date for a kind of one year, "3 năm trước" otherwise', () => {
    const start = { monthOffset: -25, day: 15 };
    expect(formatDateRule(start, midTerm2028)).toBe('ngày 15/12/2025');
    expect(formatDateRule(start, reviews)).toBe('ngày 15/12, 3 năm trước');
    expect(formatDateRule({ monthOffset: -13, day: 15 }, reviews)).toBe('ngày 15/12, 2 năm trước');
    expect(formatDateRule(start, quarterly)).toBe('ngày 15 tháng thứ -24');
    for (const anchor of [midTerm2028, reviews, quarterly]) expect(readDateRule(formatDateRule(start, anchor), anchor)).toEqual(start);
  });

  it('reads the calendar forms a coordinator types', () => {
    expect(readDateRule('ngày 15/12 năm trước', reviews)).toEqual({ monthOffset: -1, day: 15 });
    expect(readDateRule('Ngày 15 tháng 12, 3 năm trước', reviews)).toEqual({ monthOffset: -25, day: 15 });
    expect(readDateRule('ngày 20/6 cùng năm', reviews)).toEqual({ monthOffset: 5, day: 20 });
    expect(readDateRule('ngày 10/1 năm sau', reviews)).toEqual({ monthOffset: 12, day: 10 });
    expect(readDateRule('ngày 15/12/2025', midTerm2028)).toEqual({ monthOffset: -25, day: 15 });
    // The second half of the year starts in July.
    expect(readDateRule('ngày 15/6 cùng năm', kindRuleAnchor('semiannual', [2], []))).toEqual({ monthOffset: -1, day: 15 });
  });

  it('refuses a calendar day where the periods start in different months, and a date for a kind of several years', () => {
    expect(readDateRule('ngày 15/12 năm trước', quarterly)).toEqual({ error: expect.stringContaining('cùng một tháng') });
    expect(readDateRule('ngày 15/12/2025', reviews)).toEqual({ error: expect.stringContaining('đúng một năm báo cáo') });
    expect(readDateRule('hạn cuối quý', reviews)).toBeUndefined();
  });
});
