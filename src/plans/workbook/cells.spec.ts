import { cellDecimal, moneyProblemMessage, readDecimalCell } from './cells';

describe('readDecimalCell', () => {
  it.each([
    ['10.276,0', '10276'],
    ['1.250,5', '1250.5'],
    ['0,5', '0.5'],
    ['0,500', '0.5'],
    ['1,5000', '1.5'],
    ['1234,5', '1234.5'],
    ['1.500', '1500'],
    ['800', '800'],
    ['1200.5', '1200.5'],
  ])('reads the unambiguous text "%s" as %s', (text, value) => {
    expect(readDecimalCell(text)).toEqual({ value });
  });

  it.each([
    [1000.5, '1000.5'],
    [0, '0'],
    [93243.125, '93243.125'],
    [0.1 + 0.2, '0.3'], // a formula's float noise, not a fourth decimal
    [{ formula: 'A1*2', result: 1.25 }, '1.25'],
  ])('reads the number %p as %s', (cell, value) => {
    expect(readDecimalCell(cell as never)).toEqual({ value });
  });

  it('reads empty cells and a dash as no amount', () => {
    for (const v of [null, '', '  ', '-']) expect(readDecimalCell(v)).toEqual({ value: null });
  });

  it('refuses "1,500": 1,5 in Vietnamese, 1500 in English', () => {
    expect(readDecimalCell('1,500')).toEqual({ problem: 'ambiguous', asDecimal: '1.5', asThousands: '1500' });
    expect(readDecimalCell('12,345')).toEqual({ problem: 'ambiguous', asDecimal: '12.345', asThousands: '12345' });
    expect(cellDecimal('1,500')).toBeUndefined();
  });

  it('refuses English thousands separators', () => {
    expect(readDecimalCell('1,500,000')).toEqual({ problem: 'english', value: '1500000' });
    expect(readDecimalCell('1,500.25')).toEqual({ problem: 'english', value: '1500.25' });
  });

  it('refuses more than three decimals rather than rounding them away', () => {
    expect(readDecimalCell(1234.5678)).toEqual({ problem: 'precision', value: '1234.5678', rounded: '1234.568' });
    expect(readDecimalCell('1.234,5675')).toEqual({ problem: 'precision', value: '1234.5675', rounded: '1234.568' });
    expect(readDecimalCell('0,0004')).toEqual({ problem: 'precision', value: '0.0004', rounded: '0' });
    expect(cellDecimal(1234.5678)).toBeUndefined();
  });

  it('refuses what is not an amount', () => {
    for (const v of ['nhiều', '-5', -5, '1,2,3', Number.NaN]) expect(readDecimalCell(v)).toEqual({ problem: 'invalid' });
  });
});

describe('moneyProblemMessage', () => {
  it('names the cell and says what is wrong', () => {
    expect(moneyProblemMessage('F8', '12,345', { problem: 'ambiguous', asDecimal: '12.345', asThousands: '12345' })).toBe(
      'Ô F8: số tiền "12,345" không rõ nghĩa: dấu phẩy là dấu thập phân (12,345 tỷ đồng) hay dấu phân cách hàng nghìn (12.345 tỷ đồng)? Hãy ghi "12345" nếu là 12.345 tỷ đồng; nếu là 12,345 tỷ đồng, nhập ô dạng số.',
    );
    expect(moneyProblemMessage('G9', '1,500,000', { problem: 'english', value: '1500000' })).toBe(
      'Ô G9: số tiền "1,500,000" ghi theo kiểu tiếng Anh (dấu phẩy phân cách hàng nghìn); hãy ghi kiểu Việt Nam "1.500.000" hoặc không có dấu phân cách "1500000".',
    );
    expect(moneyProblemMessage('H3', 'nhiều', { problem: 'invalid' })).toBe(
      '"nhiều" không phải số tiền hợp lệ (tỷ đồng, không âm, tối đa 3 chữ số thập phân).',
    );
  });
});
