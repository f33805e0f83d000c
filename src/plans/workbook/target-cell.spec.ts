import { rangeProblem, readTargetValue } from './target-cell';

describe('readTargetValue', () => {
  it('reads a range written with an en dash, a hyphen, "đến" or "từ … đến …"', () => {
    const range = { comparator: 'between', value: '1.5', valueTo: '1.9' };
    for (const text of [
      '1,5–1,9',
      '1,5 – 1,9',
      '1,5-1,9',
      '1,5 - 1,9',
      '1,5—1,9',
      '1,5 đến 1,9',
      'từ 1,5 đến 1,9',
      'Từ 1,5 - 1,9',
      '1.5–1.9',
    ])
      expect([text, readTargetValue(text, 'D2')]).toEqual([text, range]);
    expect(readTargetValue('1.000–1.500', 'D2')).toEqual({ comparator: 'between', value: '1000', valueTo: '1500' });
  });

  it('reads "khoảng", "tối thiểu", "ít nhất", "trên", "tối đa", "không quá" before a value', () => {
    expect(readTargetValue('khoảng 60', 'D2')).toEqual({ comparator: 'about', value: '60', valueTo: null });
    expect(readTargetValue('Khoảng 60,5', 'D2')).toEqual({ comparator: 'about', value: '60.5', valueTo: null });
    expect(readTargetValue('tối thiểu 85', 'D2')).toEqual({ comparator: 'at_least', value: '85', valueTo: null });
    expect(readTargetValue('ít nhất 1', 'D2')).toEqual({ comparator: 'at_least', value: '1', valueTo: null });
    expect(readTargetValue('trên 90', 'D2')).toEqual({ comparator: 'at_least', value: '90', valueTo: null });
    expect(readTargetValue('tối đa 2', 'D2')).toEqual({ comparator: 'at_most', value: '2', valueTo: null });
    expect(readTargetValue('không quá 2', 'D2')).toEqual({ comparator: 'at_most', value: '2', valueTo: null });
  });

  it('reads a bare number (cell or text) with no comparator of its own', () => {
    expect(readTargetValue(85.5, 'D2')).toEqual({ comparator: null, value: '85.5', valueTo: null });
    expect(readTargetValue('120,5', 'D2')).toEqual({ comparator: null, value: '120.5', valueTo: null });
    expect(readTargetValue({ formula: '1+1', result: 2 }, 'D2')).toEqual({ comparator: null, value: '2', valueTo: null });
  });

  it('refuses a reversed or empty range, naming the cell and the right way round', () => {
    expect(readTargetValue('1,9–1,5', 'D7')).toEqual({
      error: 'Ô D7: khoảng "1,9–1,5" bị ngược: giá trị đầu phải nhỏ hơn giá trị cuối; hãy ghi "1,5–1,9".',
    });
    expect(readTargetValue('2–2', 'D7')).toEqual({ error: expect.stringContaining('Ô D7: khoảng "2–2" có hai đầu bằng nhau') });
  });

  it('refuses a range with another comparator word, "từ" without an end, ambiguous or unreadable numbers', () => {
    expect(readTargetValue('khoảng 1,5–1,9', 'D3')).toEqual({
      error: 'Ô D3: "khoảng 1,5–1,9" là một khoảng giá trị nên không ghi kèm "khoảng"; hãy ghi dạng "1,5–1,9".',
    });
    expect(readTargetValue('từ 1,5', 'D3')).toEqual({ error: expect.stringContaining('Ô D3: "từ 1,5" thiếu giá trị cuối của khoảng') });
    expect(readTargetValue('1,500', 'D4')).toEqual({
      error:
        'Ô D4: giá trị "1,500" không rõ nghĩa: dấu phẩy là dấu thập phân (1,5) hay dấu phân cách hàng nghìn (1.500)? ' +
        'Hãy ghi "1500" nếu là 1.500, hoặc nhập ô dạng số nếu là 1,5.',
    });
    expect(readTargetValue('1,500–2,000', 'D4')).toEqual({ error: expect.stringContaining('Ô D4: giá trị "1,500" không rõ nghĩa') });
    expect(readTargetValue(1.23456, 'D5')).toEqual({ error: expect.stringContaining('Ô D5: giá trị 1,23456 có quá 3 chữ số thập phân') });
    expect(readTargetValue('nhiều', 'D6')).toEqual({ error: expect.stringContaining('Ô D6: giá trị "nhiều" không phải số không âm') });
    expect(readTargetValue(null, 'D6')).toEqual({ error: 'Ô D6: thiếu giá trị của chỉ tiêu.' });
    expect(readTargetValue(-3, 'D6')).toEqual({ error: expect.stringContaining('không phải số không âm') });
  });

  it('rangeProblem accepts a range that rises', () => {
    expect(rangeProblem('E2', '1.5', '1.9')).toBeNull();
  });
});
