import { compareDecimal, formatTarget, isTargetMet, metLabel } from './indicator-target';

describe('formatTarget', () => {
  it('writes a range with an en dash, "khoảng", "tối thiểu", "tối đa" and a bare value, with the decimal comma', () => {
    expect(formatTarget({ comparator: 'between', value: '1.5', valueTo: '1.9' }, '%')).toBe('1,5–1,9 %');
    expect(formatTarget({ comparator: 'about', value: '60' }, '%')).toBe('khoảng 60 %');
    expect(formatTarget({ comparator: 'at_least', value: '80' }, '%')).toBe('tối thiểu 80 %');
    expect(formatTarget({ comparator: 'at_most', value: '2.25' }, '%')).toBe('tối đa 2,25 %');
    expect(formatTarget({ comparator: 'exactly', value: '53' }, 'xã')).toBe('53 xã');
    expect(formatTarget({ comparator: 'at_least', value: '1500' }, 'căn')).toBe('tối thiểu 1.500 căn');
  });

  it('leaves the unit out when a column holds it', () => {
    expect(formatTarget({ comparator: 'between', value: '1.5', valueTo: '1.9' })).toBe('1,5–1,9');
    expect(formatTarget({ comparator: 'about', value: '60', valueTo: null })).toBe('khoảng 60');
  });
});

describe('isTargetMet', () => {
  it('between: within [value, valueTo], both ends included', () => {
    const t = { comparator: 'between' as const, value: '1.5', valueTo: '1.9' };
    expect(['1.499', '1.5', '1.7', '1.9', '1.901'].map((r) => isTargetMet(t, r))).toEqual([false, true, true, true, false]);
  });

  it('about: within ±5 % of the value (57 to 63 for "khoảng 60")', () => {
    const t = { comparator: 'about' as const, value: '60' };
    expect(['56.999', '57', '60', '63', '63.001'].map((r) => isTargetMet(t, r))).toEqual([false, true, true, true, false]);
  });

  it('at least, at most and exactly compare with the value', () => {
    expect(isTargetMet({ comparator: 'at_least', value: '80' }, '80')).toBe(true);
    expect(isTargetMet({ comparator: 'at_least', value: '80' }, '79.999')).toBe(false);
    expect(isTargetMet({ comparator: 'at_most', value: '2' }, '2.001')).toBe(false);
    expect(isTargetMet({ comparator: 'at_most', value: '2' }, '1')).toBe(true);
    expect(isTargetMet({ comparator: 'exactly', value: '53' }, '53.000')).toBe(true);
    expect(isTargetMet({ comparator: 'exactly', value: '53' }, '52')).toBe(false);
  });

  it('is null when nothing was reached, and compares without a float', () => {
    expect(isTargetMet({ comparator: 'at_least', value: '1' }, null)).toBeNull();
    expect(isTargetMet({ comparator: 'exactly', value: '0.3' }, '0.3')).toBe(true);
    expect(isTargetMet({ comparator: 'at_least', value: '999999999999999.999' }, '999999999999999.998')).toBe(false);
    expect(compareDecimal('10', '9.999')).toBe(1);
    expect(compareDecimal('1.5', '1.50')).toBe(0);
  });

  it('labels met and not met in Vietnamese', () => {
    expect([true, false, null].map(metLabel)).toEqual(['Đạt', 'Chưa đạt', '']);
  });
});
