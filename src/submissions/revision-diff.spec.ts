import { diffRevisions } from './revision-diff';

const base = {
  tasks: [
    {
      taskCode: 'II.1.(2)',
      title: 'x',
      sectionCode: 'PL03',
      role: 'lead' as const,
      status: 'on_track',
      percentComplete: 40,
      capitalAllocated: '10',
      capitalAllocatedStateBudget: null,
      capitalDisbursed: null,
      capitalDisbursedStateBudget: null,
      workDone: 'Đang lập',
      difficulties: null,
      difficultyKind: null,
      resolvingLevel: null,
      proposals: null,
      nextSteps: null,
    },
  ],
  indicators: [
    {
      indicatorCode: 'QHC-XA',
      name: 'Số xã hoàn thành quy hoạch chung',
      unit: 'xã',
      aggregation: 'count_yes' as const,
      question: 'Xã đã hoàn thành quy hoạch chung?',
      target: '53',
      value: null,
    },
  ],
  summary: { assessment: 'Đạt', difficulties: null, proposals: null },
  officialLetter: null,
};

describe('diffRevisions', () => {
  it('names each field that changed, with before and after', () => {
    const after = {
      ...base,
      tasks: [{ ...base.tasks[0], status: 'completed', percentComplete: 100 }],
      indicators: [{ ...base.indicators[0], value: '1' }],
      summary: { ...base.summary, assessment: 'Hoàn thành' },
    };
    expect(diffRevisions(base, after)).toEqual([
      { where: 'II.1.(2)', field: 'Tình trạng', before: 'on_track', after: 'completed' },
      { where: 'II.1.(2)', field: 'Tỷ lệ hoàn thành (%)', before: 40, after: 100 },
      { where: 'Chỉ tiêu QHC-XA', field: 'Số xã hoàn thành quy hoạch chung', before: null, after: '1' },
      { where: 'Đánh giá chung', field: 'Đánh giá chung', before: 'Đạt', after: 'Hoàn thành' },
    ]);
  });

  it('finds nothing between equal submissions', () => {
    expect(diffRevisions(base, base)).toEqual([]);
  });
});
