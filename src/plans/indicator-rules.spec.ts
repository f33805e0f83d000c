import { indicatorRuleErrors } from './indicator-rules';

describe('indicatorRuleErrors', () => {
  const yesCount = { aggregation: 'count_yes' as const, question: 'Xã đã hoàn thành quy hoạch chung?', ownerCount: 53, targets: [] };

  it('takes a yes-count with its question and a target within the agencies asked', () => {
    expect(indicatorRuleErrors({ ...yesCount, targets: [{ value: '53' }, { value: '10', valueTo: '20' }] })).toEqual([]);
  });

  it('refuses a yes-count without a question, or whose target exceeds the agencies asked', () => {
    expect(indicatorRuleErrors({ ...yesCount, question: '  ', targets: [{ value: '53.5' }, { value: '10', valueTo: '60' }] })).toEqual([
      { field: 'question', message: expect.stringContaining('cần câu hỏi cho từng đơn vị') },
      { field: 'targets.0.value', message: expect.stringContaining('Mục tiêu 53,5 lớn hơn số đơn vị được hỏi (53)') },
      { field: 'targets.1.valueTo', message: expect.stringContaining('Mục tiêu 60 lớn hơn số đơn vị được hỏi (53)') },
    ]);
  });

  it('wants exactly one agency for the value of its responsible agency', () => {
    const single = { aggregation: 'single' as const, question: null, targets: [{ value: '1500' }] };
    expect(indicatorRuleErrors({ ...single, ownerCount: 1 })).toEqual([]);
    expect(indicatorRuleErrors({ ...single, ownerCount: 2 })).toEqual([
      { field: 'ownerAgencyCodes', message: 'Chỉ tiêu lấy giá trị của đơn vị phụ trách cần đúng một cơ quan báo cáo (đang có 2).' },
    ]);
  });

  it('leaves sums, latest values and averages to their owners', () => {
    for (const aggregation of ['sum', 'latest', 'average'] as const)
      expect(indicatorRuleErrors({ aggregation, question: null, ownerCount: 3, targets: [{ value: '1500' }] })).toEqual([]);
  });
});
