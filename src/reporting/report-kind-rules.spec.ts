import { defaultReminderRules } from './regime.types';
import { defaultRulesFor, KindDraft, reportKindErrors } from './report-kind-rules';

const semiannual: KindDraft = {
  code: 'semiannual',
  frequency: 'semiannual',
  slots: [1],
  years: [],
  form: 'tasks',
  periodLabel: 'Báo cáo 6 tháng đầu năm {year}',
  opensRule: { monthOffset: -1, day: 15 },
  dueRule: { monthOffset: 4, day: 20 },
  dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 4, day: 14 } },
  consolidationDueRule: { monthOffset: 4, day: 30 },
  fixedOpensDate: null,
  fixedDueDate: null,
  namedDayCounts: false,
  owedBy: 'listed',
  agencyCodes: ['SXD'],
  reminderRules: defaultReminderRules('semiannual'),
};

describe('reportKindErrors', () => {
  it('accepts the Cao Bằng semiannual kind', () => {
    expect(reportKindErrors(semiannual, 2026, 2030)).toEqual([]);
  });

  it('checks a day against every month the rule lands on, only for the slots reported', () => {
    const quarterly: KindDraft = {
      ...semiannual,
      frequency: 'quarterly',
      slots: [1],
      dueRule: { monthOffset: 0, day: 31 },
      opensRule: null,
      dataWindow: { start: { monthOffset: -1, day: 1 }, end: { monthOffset: -1, day: 20 } }, // due after the window
      consolidationDueRule: null,
      reminderRules: [],
    };
    expect(reportKindErrors(quarterly, 2026, 2026)).toEqual([]); // 31 January
    expect(reportKindErrors({ ...quarterly, slots: [] }, 2026, 2026)).toEqual([
      { path: 'dueRule.day', message: 'Ngày 31 không có trong tháng 4/2026. Hãy chọn ngày có trong mọi tháng mà quy tắc rơi vào.' },
    ]);
  });

  it('finds 29 February missing only in the years that lack it', () => {
    const annual: KindDraft = {
      ...semiannual,
      frequency: 'annual',
      dueRule: { monthOffset: 1, day: 29 },
      opensRule: null,
      dataWindow: { start: { monthOffset: -1, day: 1 }, end: { monthOffset: 0, day: 31 } }, // due after the window
      consolidationDueRule: null,
      reminderRules: [],
    };
    expect(reportKindErrors(annual, 2028, 2028)).toEqual([]);
    expect(reportKindErrors(annual, 2028, 2029)[0]).toMatchObject({
      path: 'dueRule.day',
      message: expect.stringContaining('tháng 2/2029'),
    });
  });

  it('refuses reminders anchored to a consolidation deadline the kind does not have', () => {
    const kind = { ...semiannual, consolidationDueRule: null };
    const errors = reportKindErrors(kind, 2026, 2026);
    expect(errors.map((e) => e.path)).toEqual(['reminderRules.5.anchor', 'reminderRules.6.anchor']); // C-3, C-1
    expect(errors[0].message).toBe('Loại báo cáo này không có hạn tổng hợp, không thể nhắc theo hạn tổng hợp.');
    expect(defaultRulesFor(kind).map((r) => r.code)).toEqual(['D-7', 'D-3', 'D-1', 'D+1', 'D+3']);
  });

  it('refuses a one-off kind without its deadline day, or one that opens after it', () => {
    const oneOff: KindDraft = {
      ...semiannual,
      frequency: 'one-off',
      slots: [],
      opensRule: null,
      dueRule: null,
      dataWindow: null,
      consolidationDueRule: null,
      reminderRules: [],
    };
    expect(reportKindErrors(oneOff, 2026, 2030)).toEqual([
      { path: 'fixedDueDate', message: 'Báo cáo một lần cần hạn nộp (fixedDueDate, dạng YYYY-MM-DD).' },
    ]);
    expect(reportKindErrors({ ...oneOff, fixedDueDate: '2026-04-10', fixedOpensDate: '2026-05-01' }, 2026, 2030)).toEqual([
      { path: 'fixedOpensDate', message: 'Kỳ "Báo cáo 6 tháng đầu năm 2026" mở ngày 1/5/2026, sau hạn nộp 10/4/2026.' },
    ]);
  });

  describe('a deadline before the end of the data window', () => {
    const annual: KindDraft = {
      ...semiannual,
      code: 'annual',
      frequency: 'annual',
      periodLabel: 'Báo cáo năm {year}',
      dueRule: { monthOffset: 11, day: 20 },
      dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 11, day: 14 } },
      consolidationDueRule: { monthOffset: 11, day: 25 },
      reminderRules: defaultReminderRules('annual'),
    };

    it('accepts the Cao Bằng windows: 15/12–14/5 due 20/5, and to 14/12 due 20/12', () => {
      expect(reportKindErrors(semiannual, 2026, 2030)).toEqual([]);
      expect(reportKindErrors(annual, 2026, 2030)).toEqual([]);
    });

    it("accepts a deadline whose last day on time is the window's last day", () => {
      // "Trước ngày 15/5" with data to 14/5; or "hết ngày 14/5" when the named day counts.
      expect(reportKindErrors({ ...semiannual, dueRule: { monthOffset: 4, day: 15 } }, 2026, 2030)).toEqual([]);
      expect(reportKindErrors({ ...semiannual, dueRule: { monthOffset: 4, day: 14 }, namedDayCounts: true }, 2026, 2030)).toEqual([]);
    });

    it('refuses a deadline before the window ends, at the deadline rule', () => {
      expect(reportKindErrors({ ...semiannual, dueRule: { monthOffset: 4, day: 10 } }, 2026, 2030)).toEqual([
        {
          path: 'dueRule',
          message:
            'Kỳ "Báo cáo 6 tháng đầu năm 2026": hạn nộp trước ngày 10/5/2026 nhưng số liệu tính đến hết ngày 14/5/2026; hạn nộp phải sau ngày cuối của số liệu.',
        },
      ]);
      expect(reportKindErrors({ ...semiannual, dueRule: { monthOffset: 4, day: 13 }, namedDayCounts: true }, 2026, 2026)).toEqual([
        {
          path: 'dueRule',
          message:
            'Kỳ "Báo cáo 6 tháng đầu năm 2026": hạn nộp hết ngày 13/5/2026 nhưng số liệu tính đến hết ngày 14/5/2026; hạn nộp phải sau ngày cuối của số liệu.',
        },
      ]);
      // A window moved past the deadline is refused the same way.
      const late = { ...annual, dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 11, day: 31 } } };
      expect(reportKindErrors(late, 2026, 2030).map((e) => e.path)).toEqual(['dueRule']);
    });

    it("uses the frequency's default window when the kind has none", () => {
      // Quarterly data by default runs to the 14th of the quarter's last month.
      const quarterly: KindDraft = {
        ...semiannual,
        frequency: 'quarterly',
        slots: [],
        periodLabel: 'Quý {slot}/{year}',
        opensRule: null,
        dataWindow: null,
        dueRule: { monthOffset: 2, day: 15 },
        consolidationDueRule: null,
        reminderRules: [],
      };
      expect(reportKindErrors(quarterly, 2026, 2026)).toEqual([]);
      expect(reportKindErrors({ ...quarterly, dueRule: { monthOffset: 2, day: 10 } }, 2026, 2026)).toEqual([
        {
          path: 'dueRule',
          message:
            'Kỳ "Quý 1/2026": hạn nộp trước ngày 10/3/2026 nhưng số liệu tính đến hết ngày 14/3/2026; hạn nộp phải sau ngày cuối của số liệu.',
        },
      ]);
    });
  });
});

describe('reportKindErrors: chosen years and document kinds', () => {
  const oneOff: KindDraft = {
    ...semiannual,
    frequency: 'one-off',
    slots: [],
    opensRule: null,
    dueRule: null,
    dataWindow: null,
    consolidationDueRule: null,
    fixedOpensDate: '2026-01-15',
    fixedDueDate: '2026-04-01',
    reminderRules: defaultReminderRules('one-off'),
  };

  it('accepts a mid-term review in 2028 whose data window starts three years before', () => {
    const review: KindDraft = {
      ...semiannual,
      frequency: 'annual',
      slots: [],
      years: [2028],
      opensRule: { monthOffset: 5, day: 1 },
      dueRule: { monthOffset: 5, day: 20 },
      dataWindow: { start: { monthOffset: -25, day: 15 }, end: { monthOffset: 5, day: 14 } },
      consolidationDueRule: { monthOffset: 5, day: 30 },
    };
    expect(reportKindErrors(review, 2026, 2030)).toEqual([]);
  });

  it('refuses years outside the plan and repeated years, each at its index', () => {
    expect(reportKindErrors({ ...semiannual, years: [2028, 2035, 2028] }, 2026, 2030)).toEqual([
      { path: 'years.1', message: 'Năm 2035 nằm ngoài thời gian của kế hoạch (2026–2030).' },
      { path: 'years.2', message: 'Năm 2028 bị lặp trong "Các năm báo cáo".' },
    ]);
  });

  it('checks rule days only in the listed years: day 29 of February is fine when no listed year lands on a short February', () => {
    const february = {
      ...semiannual,
      dueRule: { monthOffset: 1, day: 29 },
      dataWindow: null,
      opensRule: null,
      consolidationDueRule: null,
      reminderRules: [],
    };
    expect(
      reportKindErrors(
        { ...february, dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 1, day: 14 } }, years: [2028] },
        2026,
        2030,
      ),
    ).toEqual([]);
    expect(reportKindErrors({ ...february, years: [2027] }, 2026, 2030)[0]).toMatchObject({ path: 'dueRule.day' });
  });

  it('refuses years on a one-off kind and the document form on a periodic one', () => {
    expect(reportKindErrors({ ...oneOff, years: [2026] }, 2026, 2030)).toEqual([
      { path: 'years', message: 'Báo cáo một lần có hạn nộp cố định; "Các năm báo cáo" (years) phải để trống.' },
    ]);
    expect(reportKindErrors({ ...semiannual, form: 'document' }, 2026, 2030)).toEqual([
      { path: 'form', message: 'Hình thức "Văn bản" chỉ dùng cho báo cáo một lần; báo cáo định kỳ báo cáo theo từng nhiệm vụ.' },
    ]);
    expect(reportKindErrors({ ...oneOff, form: 'document' }, 2026, 2030)).toEqual([]);
  });
});
