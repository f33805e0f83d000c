import { checkEntry, checkIndicatorValue, compareDecimal, EntryFigures, EntryNeed, placeFindings } from './plausibility';

const figures = (f: Partial<EntryFigures>): EntryFigures => ({
  percentComplete: null,
  capitalAllocated: null,
  capitalAllocatedStateBudget: null,
  capitalDisbursed: null,
  capitalDisbursedStateBudget: null,
  ...f,
});
const noNeed: EntryNeed = { taskNeed: null, sectionCode: null, sectionNeed: null };

describe('compareDecimal', () => {
  it.each([
    ['300', '250', 1],
    ['250', '300', -1],
    ['1200.50', '1200.5', 0],
    ['99.999', '100', -1],
    ['1000', '999.999', 1],
    ['0.1', '0.09', 1],
    ['-5', '0', -1],
    ['-5', '-4', -1],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });
});

describe('checkEntry', () => {
  it('accepts a careful entry with no finding', () => {
    const f = figures({
      percentComplete: 40,
      capitalAllocated: '120.5',
      capitalAllocatedStateBudget: '100',
      capitalDisbursed: '80',
      capitalDisbursedStateBudget: '80',
    });
    expect(checkEntry(f, { taskNeed: '500', sectionCode: 'PL01', sectionNeed: '9000' })).toEqual([]);
  });

  it('refuses disbursed over allocated, at the disbursed field, with the figures in Vietnamese', () => {
    const found = checkEntry(figures({ capitalAllocated: '250', capitalDisbursed: '300' }), noNeed);
    expect(found).toEqual([
      {
        severity: 'error',
        field: 'capitalDisbursed',
        code: 'DISBURSED_OVER_ALLOCATED',
        message: 'Giải ngân (300) không được lớn hơn vốn đã bố trí (250).',
      },
    ]);
  });

  it('allows disbursed equal to allocated (decimals compared exactly, not as floats)', () => {
    expect(checkEntry(figures({ capitalAllocated: '0.3', capitalDisbursed: '0.300' }), noNeed)).toEqual([]);
    expect(checkEntry(figures({ capitalAllocated: '0.3', capitalDisbursed: '0.301' }), noNeed)[0].code).toBe('DISBURSED_OVER_ALLOCATED');
  });

  it('refuses a state-budget part larger than its total, allocated and disbursed', () => {
    const found = checkEntry(
      figures({ capitalAllocated: '100', capitalAllocatedStateBudget: '120', capitalDisbursed: '50', capitalDisbursedStateBudget: '50.5' }),
      noNeed,
    );
    expect(found.map((f) => [f.field, f.code])).toEqual([
      ['capitalAllocatedStateBudget', 'ALLOCATED_STATE_BUDGET_OVER_TOTAL'],
      ['capitalDisbursedStateBudget', 'DISBURSED_STATE_BUDGET_OVER_TOTAL'],
    ]);
    expect(found[0].message).toBe('Vốn ngân sách nhà nước đã bố trí (120) không được lớn hơn tổng vốn đã bố trí (100).');
  });

  it('refuses a percentage outside 0–100, a negative amount and an amount past the sane bound', () => {
    const found = checkEntry(figures({ percentComplete: 120, capitalAllocated: '-5', capitalDisbursed: '250000' }), noNeed);
    expect(found.map((f) => [f.field, f.code])).toEqual([
      ['percentComplete', 'PERCENT_OUT_OF_RANGE'],
      ['capitalAllocated', 'AMOUNT_NEGATIVE'],
      ['capitalDisbursed', 'AMOUNT_TOO_LARGE'],
    ]);
    expect(found[0].message).toContain('tối đa 100%');
    expect(found[2].message).toContain('250.000 tỷ đồng');
  });

  it('warns (never refuses) when the allocation exceeds the task need', () => {
    const found = checkEntry(figures({ capitalAllocated: '1200.5' }), { taskNeed: '50', sectionCode: 'PL03', sectionNeed: '315.2' });
    expect(found).toEqual([
      {
        severity: 'warning',
        field: 'capitalAllocated',
        code: 'OVER_TASK_NEED',
        message:
          '1.200,5 tỷ đồng bố trí cho nhiệm vụ vượt nhu cầu vốn 50 tỷ đồng của nhiệm vụ; đề nghị kiểm tra lại (số liệu tính bằng tỷ đồng).',
      },
    ]);
  });

  it("compares with the section's need when the task states none, and with nothing when neither does", () => {
    const found = checkEntry(figures({ capitalAllocated: '8328' }), { taskNeed: null, sectionCode: 'PL03', sectionNeed: '315.2' });
    expect(found.map((f) => f.code)).toEqual(['OVER_SECTION_NEED']);
    expect(found[0].message).toContain('315,2 tỷ đồng của cả lĩnh vực PL03');
    expect(checkEntry(figures({ capitalAllocated: '8328' }), { taskNeed: '0', sectionCode: 'PL03', sectionNeed: '0' })).toEqual([]);
    // Within the task's own need, the section's is not looked at.
    expect(checkEntry(figures({ capitalAllocated: '300' }), { taskNeed: '400', sectionCode: 'PL03', sectionNeed: '200' })).toEqual([]);
  });

  it('places findings at the entry path, errors apart from warnings', () => {
    const found = checkEntry(figures({ capitalAllocated: '250', capitalDisbursed: '300' }), {
      taskNeed: '100',
      sectionCode: null,
      sectionNeed: null,
    });
    expect(placeFindings(found, 'tasks.2.')).toEqual({
      errors: [{ path: 'tasks.2.capitalDisbursed', code: 'DISBURSED_OVER_ALLOCATED', message: expect.any(String) }],
      warnings: [{ path: 'tasks.2.capitalAllocated', code: 'OVER_TASK_NEED', message: expect.any(String) }],
    });
  });
});

describe('checkIndicatorValue', () => {
  it('takes 1 (Có) or 0 (Không) for a yes-count, and nothing else', () => {
    for (const value of ['1', '0', '1.000', null]) expect(checkIndicatorValue({ aggregation: 'count_yes', unit: 'xã', value })).toBeNull();
    for (const value of ['53', '0.5', '2'])
      expect(checkIndicatorValue({ aggregation: 'count_yes', unit: 'xã', value })).toMatchObject({ code: 'ANSWER_NOT_YES_NO' });
  });

  it('caps a percentage at 100 and leaves other units alone', () => {
    expect(checkIndicatorValue({ aggregation: 'single', unit: '%', value: '100' })).toBeNull();
    expect(checkIndicatorValue({ aggregation: 'single', unit: ' % ', value: '100.5' })).toEqual({
      code: 'PERCENT_OUT_OF_RANGE',
      message: 'Tỷ lệ tối đa 100%, không phải 100,5%.',
    });
    expect(checkIndicatorValue({ aggregation: 'sum', unit: 'căn', value: '1500' })).toBeNull();
  });
});
