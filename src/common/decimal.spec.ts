import { formatViDecimal, isDecimalString, normalizeDecimal, parseViDecimal } from './decimal';

describe('decimal strings', () => {
  it('normalises without going through a float', () => {
    expect(normalizeDecimal('93243.100')).toBe('93243.1');
    expect(normalizeDecimal('800.000')).toBe('800');
    expect(normalizeDecimal('0.000')).toBe('0');
    expect(normalizeDecimal('123456789012345.123')).toBe('123456789012345.123');
  });

  it('accepts only non-negative amounts with at most 3 decimals', () => {
    for (const ok of ['0', '800', '80.5', '93243.1', '1200.125']) expect(isDecimalString(ok)).toBe(true);
    for (const bad of ['-5', '1.2345', '1e3', '01', '1,5', '', ' 1', 1.5, null]) expect(isDecimalString(bad)).toBe(false);
  });

  it('formats for Vietnamese readers: 93.243,1', () => {
    expect(formatViDecimal('93243.1')).toBe('93.243,1');
    expect(formatViDecimal('1500')).toBe('1.500');
    expect(formatViDecimal('315.2')).toBe('315,2');
    expect(formatViDecimal('0.0')).toBe('0');
  });
});

describe('parseViDecimal', () => {
  it.each([
    ['1.200,5', '1200.5'],
    ['93.243,1', '93243.1'],
    ['800', '800'],
    ['1200.5', '1200.5'],
    ['1.200', '1200'],
    ['0,125', '0.125'],
    [' 15 ', '15'],
  ])('reads %s as %s', (input, out) => expect(parseViDecimal(input)).toBe(out));

  it.each(['-5', 'abc', '1,2345', '1.2.3,4,5'])('refuses %s', (input) => expect(parseViDecimal(input)).toBeNull());
});
