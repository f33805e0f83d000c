import { PlanIdentityService } from '../../src/plans/plan-identity.service';
import { defaultReminderRules } from '../../src/reporting/regime.types';
import { startTestApp, TestApp } from '../helpers/app';
import { snapshot } from './admin-snapshot';

/**
 * An administrator enters another province's plan with no code change: agencies, the plan, its
 * sections, a task tree, an indicator and a quarterly regime, then reads it back through the
 * routes everyone else uses.
 */
describe('entering another province’s plan through the administrator API', () => {
  let t: TestApp;
  let admin: string;
  let reader: string;
  const PLAN = 'LS-2026-2030';
  const COMMUNES = ['LS-X01', 'LS-X02', 'LS-X03'];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.bearer('admin');
    reader = await t.bearer('coordinator');
  });
  afterAll(() => t.close());

  const post = (url: string, body: object) => t.http().post(url).set('Authorization', admin).send(body);
  const patch = (url: string, body: object) => t.http().patch(url).set('Authorization', admin).send(body);
  const put = (url: string, body: object) => t.http().put(url).set('Authorization', admin).send(body);
  const get = (url: string) => t.http().get(url).set('Authorization', reader);

  it('creates the province’s agencies, storing text trimmed and NFC', async () => {
    const province = await post('/api/agencies', {
      code: 'LS-UBND',
      kind: 'province',
      name: 'Ủy ban nhân dân tỉnh Lạng Sơn',
      shortName: 'UBND tỉnh Lạng Sơn',
      emails: ['ubnd@langson.example'],
    }).expect(201);
    expect(province.body).toEqual({
      code: 'LS-UBND',
      kind: 'province',
      name: 'Ủy ban nhân dân tỉnh Lạng Sơn',
      shortName: 'UBND tỉnh Lạng Sơn',
      emails: ['ubnd@langson.example'],
      parentCode: null,
      requiresHeadSignOff: false,
    });
    await post('/api/agencies', {
      code: 'LS-SXD',
      kind: 'department',
      name: 'Sở Xây dựng tỉnh Lạng Sơn',
      shortName: 'Sở Xây dựng',
      parentCode: 'LS-UBND',
    }).expect(201);
    const names = ['Ủy ban nhân dân xã Hữu Lũng', 'Ủy ban nhân dân xã Chi Lăng', 'Ủy ban nhân dân xã Đồng Đăng'];
    for (const [i, code] of COMMUNES.entries()) {
      // Decomposed diacritics and stray spaces, as some keyboards and spreadsheets send them.
      await post('/api/agencies', {
        code,
        kind: 'commune',
        name: `  ${names[i].normalize('NFD')} `,
        shortName: `Xã ${i + 1}`,
        parentCode: 'LS-UBND',
      }).expect(201);
    }
    const commune = await get('/api/agencies/LS-X01').expect(200);
    expect(commune.body.name).toBe('Ủy ban nhân dân xã Hữu Lũng'.normalize('NFC'));
    expect(commune.body.parentCode).toBe('LS-UBND');

    const changed = await patch('/api/agencies/LS-X01', { requiresHeadSignOff: true, emails: ['huulung@langson.example'] }).expect(200);
    expect(changed.body).toMatchObject({
      code: 'LS-X01',
      requiresHeadSignOff: true,
      emails: ['huulung@langson.example'],
      parentCode: 'LS-UBND',
    });
  });

  it('refuses to hang an agency under one of its own subordinates', async () => {
    const before = await snapshot(t.db);
    const res = await patch('/api/agencies/LS-UBND', { parentCode: 'LS-X01' }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'AGENCY_PARENT_CYCLE' });
    expect(res.body.errors).toEqual([
      {
        path: 'parentCode',
        message: 'Không thể đặt "LS-X01" làm cơ quan cấp trên của "LS-UBND" vì "LS-X01" đang trực thuộc "LS-UBND" (sẽ tạo thành vòng lặp).',
      },
    ]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('creates the plan and two sections whose capital adds up to the last decimal', async () => {
    const plan = await post('/api/plans', {
      code: PLAN,
      title: 'Kế hoạch phát triển kết cấu hạ tầng giao thông, đô thị tỉnh Lạng Sơn giai đoạn 2026-2030',
      issuingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
      documentNumber: '15/KH-UBND',
      documentDate: '2026-01-20',
      startYear: 2026,
      endYear: 2030,
      coordinatingAgencyCode: 'LS-SXD',
      recipientAgencyCode: 'LS-UBND',
    }).expect(201);
    expect(plan.body).toMatchObject({
      code: PLAN,
      documentDate: '2026-01-20',
      startYear: 2026,
      endYear: 2030,
      coordinatingAgency: { code: 'LS-SXD', shortName: 'Sở Xây dựng' },
      recipientAgency: { code: 'LS-UBND' },
      capital: { total: '0', stateBudget: '0', nonStateBudget: '0' },
      sections: [],
      taskCount: 0,
    });
    // The reader (Cao Bằng's coordinator) works on Lạng Sơn's plan once named a member of it.
    await t.http().put(`/api/plans/${PLAN}/members/coordinator`).set('Authorization', admin).expect(204);

    const gt = await post(`/api/plans/${PLAN}/sections`, {
      code: 'GT',
      title: 'Phụ lục 01: Giao thông',
      capitalTotal: '1200.5',
      capitalStateBudget: '1000',
      capitalNonStateBudget: '200.5',
    }).expect(201);
    expect(gt.body).toEqual({
      code: 'GT',
      title: 'Phụ lục 01: Giao thông',
      position: 1,
      capital: { total: '1200.5', stateBudget: '1000', nonStateBudget: '200.5' },
      // A plan without capital phases: nothing by phase.
      capitalByPhase: [],
      taskCount: 0,
    });
    // 0.1 + 0.2 is 0.3 in decimal arithmetic (and 0.30000000000000004 in floats).
    await post(`/api/plans/${PLAN}/sections`, {
      code: 'DT',
      title: 'Phụ lục 02: Đô thị',
      capitalTotal: '0.3',
      capitalStateBudget: '0.1',
      capitalNonStateBudget: '0.2',
    }).expect(201);
    // A change to one figure is checked against the stored others: 300.25 is not 0.1 + 0.2.
    const mismatch = await patch(`/api/plans/${PLAN}/sections/DT`, { capitalTotal: '300.25' }).expect(400);
    expect(mismatch.body.errors).toEqual([
      {
        path: 'capitalTotal',
        message: 'Tổng nhu cầu vốn (300.25 tỷ đồng) phải bằng vốn ngân sách nhà nước (0.1) cộng vốn ngoài ngân sách nhà nước (0.2).',
      },
    ]);
    const dt = await patch(`/api/plans/${PLAN}/sections/DT`, {
      capitalTotal: '300.25',
      capitalStateBudget: '300.05',
      capitalNonStateBudget: '0.2',
    }).expect(200);
    expect(dt.body.capital).toEqual({ total: '300.25', stateBudget: '300.05', nonStateBudget: '0.2' });

    const detail = await get(`/api/plans/${PLAN}`).expect(200);
    expect(detail.body.capital).toEqual({ total: '1500.75', stateBudget: '1300.05', nonStateBudget: '200.7' });
    expect(detail.body.sections.map((s: { code: string; position: number }) => [s.code, s.position])).toEqual([
      ['GT', 1],
      ['DT', 2],
    ]);
    expect((await get('/api/plans').expect(200)).body.map((p: { code: string }) => p.code)).toContain(PLAN);
  });

  it('states the plan’s letterhead, signer and sender over the API, refusing a bad address and changing nothing', async () => {
    const created = await get(`/api/plans/${PLAN}`).expect(200);
    // Derived from the issuing body until stated.
    expect(created.body.identity).toMatchObject({ jurisdiction: 'Lạng Sơn', bodyKind: 'state', signerName: null, numberSymbol: null });
    const bad = await patch(`/api/plans/${PLAN}`, {
      signerName: 'Hoàng Văn B',
      senderEmail: 'không phải địa chỉ',
      bodyKind: 'church',
    }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['bodyKind', 'senderEmail']);
    expect((await get(`/api/plans/${PLAN}`).expect(200)).body.identity.signerName).toBeNull();

    const stated = await patch(`/api/plans/${PLAN}`, {
      signerAuthority: 'KT. GIÁM ĐỐC',
      signerTitle: 'PHÓ GIÁM ĐỐC',
      signerName: '  Hoàng Văn B ',
      numberSymbol: 'BC-SXD',
      storageLine: 'Lưu: VT, QLHT',
      senderEmail: 'sxd@langson.example',
    }).expect(200);
    expect(stated.body.identity).toMatchObject({
      jurisdiction: 'Lạng Sơn',
      signerAuthority: 'KT. GIÁM ĐỐC',
      signerName: 'Hoàng Văn B',
      storageLine: 'Lưu: VT, QLHT',
      senderEmail: 'sxd@langson.example',
    });
    const identity = await t.app.get(PlanIdentityService).forPlan(stated.body.id);
    expect(identity).toMatchObject({
      letterheadParent: 'UBND TỈNH LẠNG SƠN',
      issuer: 'SỞ XÂY DỰNG TỈNH LẠNG SƠN',
      signerTitle: 'PHÓ GIÁM ĐỐC',
      signerName: 'Hoàng Văn B',
      senderEmail: 'sxd@langson.example',
    });
    // null clears a setting: the storage line is derived again.
    const cleared = await patch(`/api/plans/${PLAN}`, { storageLine: null }).expect(200);
    expect(cleared.body.identity).toMatchObject({ storageLine: null, signerName: 'Hoàng Văn B' });
  });

  it('creates a task tree whose lead is several communes, each answering for its part', async () => {
    await post(`/api/plans/${PLAN}/tasks`, {
      code: 'I',
      title: 'Phát triển hạ tầng giao thông',
      kind: 'group',
      sectionCode: 'GT',
      leadAgencyCodes: ['LS-SXD'],
    }).expect(201);
    const roads = await post(`/api/plans/${PLAN}/tasks`, {
      code: 'I.1',
      title: 'Cứng hóa đường giao thông xã',
      kind: 'project',
      parentCode: 'I',
      timeline: { kind: 'date', date: '2026-05-19' },
      capitalTotal: '800.5',
      capitalStateBudget: '600',
      capitalNonStateBudget: '200.5',
      note: 'Mỗi xã chủ trì phần trên địa bàn mình.',
      milestones: [
        { title: 'Khởi công', timeline: { kind: 'early_year', year: 2026 } },
        { title: 'Hoàn thành', timeline: { kind: 'period', year: 2027, endYear: 2028 } },
      ],
      leadAgencyCodes: ['LS-X03', 'LS-X01', 'LS-X02'],
      cooperatingAgencyCodes: ['LS-SXD'],
    }).expect(201);
    expect(roads.body).toMatchObject({
      code: 'I.1',
      kind: 'project',
      sectionCode: 'GT', // the parent's section, none being given
      parentCode: 'I',
      depth: 1,
      position: 1,
      timeline: { kind: 'date', date: '2026-05-19', year: null, label: '19/5/2026' },
      capital: { total: '800.5', stateBudget: '600', nonStateBudget: '200.5' },
      note: 'Mỗi xã chủ trì phần trên địa bàn mình.',
      milestones: [
        { position: 1, title: 'Khởi công', timeline: { kind: 'early_year', year: 2026, label: 'Đầu năm 2026' } },
        { position: 2, title: 'Hoàn thành', timeline: { kind: 'period', year: 2027, endYear: 2028, label: '2027–2028' } },
      ],
    });
    expect(roads.body.lead.map((a: { code: string }) => a.code)).toEqual(COMMUNES);
    expect(roads.body.cooperating.map((a: { code: string }) => a.code)).toEqual(['LS-SXD']);

    await post(`/api/plans/${PLAN}/tasks`, {
      code: 'I.2',
      title: 'Duy tu đường tỉnh',
      kind: 'task',
      parentCode: 'I',
      timeline: { kind: 'ongoing' },
      leadAgencyCodes: ['LS-SXD'],
    }).expect(201);
    await post(`/api/plans/${PLAN}/tasks`, {
      code: 'II',
      title: 'Phát triển đô thị',
      kind: 'group',
      sectionCode: 'DT',
      timeline: { kind: 'end_year', year: 2027 },
      capitalTotal: '50',
      leadAgencyCodes: ['LS-SXD'],
    }).expect(201);

    const tasks = await get(`/api/plans/${PLAN}/tasks`).expect(200);
    expect(tasks.body.map((x: { code: string; depth: number; parentCode: string | null }) => [x.code, x.depth, x.parentCode])).toEqual([
      ['I', 0, null],
      ['I.1', 1, 'I'],
      ['I.2', 1, 'I'],
      ['II', 0, null],
    ]);
    expect(tasks.body[3]).toMatchObject({ sectionCode: 'DT', timeline: { label: 'Cuối năm 2027' }, capital: { total: '50' } });
    const detail = await get(`/api/plans/${PLAN}`).expect(200);
    expect(detail.body.taskCount).toBe(4);
    expect(detail.body.sections.map((s: { taskCount: number }) => s.taskCount)).toEqual([3, 1]);
  });

  it('changes a task, replaces its milestones and its agencies', async () => {
    const moved = await patch(`/api/plans/${PLAN}/tasks/I.2`, {
      parentCode: 'II',
      sectionCode: 'DT',
      milestones: [{ title: 'Rà soát', timeline: { kind: 'year', year: 2026 } }],
    }).expect(200);
    expect(moved.body).toMatchObject({ parentCode: 'II', sectionCode: 'DT', depth: 1, position: 1, milestones: [{ title: 'Rà soát' }] });

    const roads = await put(`/api/plans/${PLAN}/tasks/I.1/assignments`, { lead: ['LS-X01'], cooperating: ['LS-X02', 'LS-SXD'] }).expect(
      200,
    );
    expect(roads.body.lead.map((a: { code: string }) => a.code)).toEqual(['LS-X01']);
    expect(roads.body.cooperating.map((a: { code: string }) => a.code)).toEqual(['LS-SXD', 'LS-X02']); // departments first
    expect(roads.body.capital).toEqual({ total: '800.5', stateBudget: '600', nonStateBudget: '200.5' });

    const retitled = await patch(`/api/plans/${PLAN}/tasks/I.1`, {
      title: 'Cứng hóa đường giao thông nông thôn',
      timeline: null,
      milestones: null,
    }).expect(200);
    expect(retitled.body).toMatchObject({
      title: 'Cứng hóa đường giao thông nông thôn',
      timeline: null,
      milestones: [],
      lead: [{ code: 'LS-X01' }],
    });
  });

  it('creates an indicator with owners and yearly targets, and replaces the targets', async () => {
    const created = await post(`/api/plans/${PLAN}/indicators`, {
      code: 'DUONG-XA',
      name: 'Tỷ lệ đường xã được cứng hóa',
      unit: '%',
      aggregation: 'average',
      taskCode: 'I.1',
      ownerAgencyCodes: COMMUNES,
      targets: [
        { year: 2030, comparator: 'at_least', value: '85.5' },
        { year: 2026, comparator: 'at_least', value: '30', note: 'Năm đầu' },
      ],
    }).expect(201);
    expect(created.body).toEqual({
      code: 'DUONG-XA',
      name: 'Tỷ lệ đường xã được cứng hóa',
      unit: '%',
      aggregation: 'average',
      question: null,
      taskCode: 'I.1',
      owners: COMMUNES,
      targets: [
        { year: 2026, comparator: 'at_least', value: '30', valueTo: null, note: 'Năm đầu' },
        { year: 2030, comparator: 'at_least', value: '85.5', valueTo: null, note: null },
      ],
    });
    // A bare array and the wrapped form are both accepted.
    await put(`/api/plans/${PLAN}/indicators/DUONG-XA/targets`, [{ year: 2028, comparator: 'exactly', value: '60.125' }]).expect(200);
    const replaced = await put(`/api/plans/${PLAN}/indicators/DUONG-XA/targets`, {
      targets: [
        { year: 2026, comparator: 'at_least', value: '30' },
        { year: 2030, comparator: 'at_least', value: '85.5' },
      ],
    }).expect(200);
    expect(replaced.body.targets.map((x: { year: number; value: string }) => [x.year, x.value])).toEqual([
      [2026, '30'],
      [2030, '85.5'],
    ]);
    const renamed = await patch(`/api/plans/${PLAN}/indicators/DUONG-XA`, { unit: 'phần trăm', taskCode: null }).expect(200);
    expect(renamed.body).toMatchObject({ unit: 'phần trăm', taskCode: null, owners: COMMUNES });
    expect((await get(`/api/plans/${PLAN}/indicators`).expect(200)).body).toEqual([renamed.body]);
  });

  it('creates the regime and a quarterly report kind, and plans its periods in +07:00', async () => {
    const regimes = await patch(`/api/plans/${PLAN}/regime`, {
      name: 'Chế độ báo cáo thực hiện Kế hoạch 15/KH-UBND',
      legalBasis: 'Mục V Kế hoạch',
    }).expect(200);
    expect(regimes.body).toEqual([
      {
        code: 'DEFAULT',
        name: 'Chế độ báo cáo thực hiện Kế hoạch 15/KH-UBND',
        legalBasis: 'Mục V Kế hoạch',
        rollForward: false,
        kinds: [],
      },
    ]);

    const kind = await post(`/api/plans/${PLAN}/report-kinds`, {
      code: 'quarterly',
      name: 'Báo cáo định kỳ hằng quý',
      frequency: 'quarterly',
      periodLabel: 'Báo cáo quý {slot} năm {year}',
      dueRule: { monthOffset: 2, day: 20 },
      consolidationDueRule: { monthOffset: 2, day: 25 },
      agencyCodes: ['LS-SXD', ...COMMUNES],
    }).expect(201);
    expect(kind.body).toMatchObject({
      code: 'quarterly',
      frequency: 'quarterly',
      slots: [],
      owedBy: 'listed',
      agencyCodes: ['LS-SXD', ...COMMUNES],
      dueRule: { monthOffset: 2, day: 20 },
      opensRule: null,
      dataWindow: null,
      namedDayCounts: false,
    });
    expect(kind.body.reminderRules).toEqual(defaultReminderRules('quarterly'));

    const periods = await get(`/api/plans/${PLAN}/periods`).expect(200);
    const expected: (string | number | null)[][] = [];
    for (let year = 2026; year <= 2030; year += 1) {
      for (const q of [1, 2, 3, 4]) {
        const first = 1 + (q - 1) * 3; // first month of the quarter
        const ym = (y: number, m: number) => (m < 1 ? `${y - 1}-${String(m + 12).padStart(2, '0')}` : `${y}-${String(m).padStart(2, '0')}`);
        expected.push([
          'quarterly',
          year,
          q,
          `Báo cáo quý ${q} năm ${year}`,
          `${ym(year, first - 1)}-15`,
          `${ym(year, first + 2)}-14`,
          `${ym(year, first - 1)}-15T00:00:00+07:00`,
          `${ym(year, first + 2)}-20T00:00:00+07:00`,
          `${ym(year, first + 2)}-25T00:00:00+07:00`,
        ]);
      }
    }
    type P = {
      kind: string;
      year: number;
      slot: number;
      label: string;
      dataFrom: string;
      dataTo: string;
      opensAt: string;
      dueAt: string;
      consolidationDueAt: string;
      state: string;
    };
    const body = periods.body as P[];
    expect(body.map((p) => [p.kind, p.year, p.slot, p.label, p.dataFrom, p.dataTo, p.opensAt, p.dueAt, p.consolidationDueAt])).toEqual(
      expected,
    );
    expect(body[0]).toMatchObject({
      opensAt: '2025-12-15T00:00:00+07:00',
      dueAt: '2026-03-20T00:00:00+07:00',
      lastDayOnTime: 'hết ngày 19/3/2026',
    });
    // The test clock stands at 22/11/2026 09:00 ICT.
    expect(body.filter((p) => p.year === 2026).map((p) => p.state)).toEqual(['closed', 'closed', 'closed', 'open']);
    expect(body.find((p) => p.year === 2027 && p.slot === 1)?.state).toBe('upcoming');

    const regime = await get(`/api/plans/${PLAN}/regime`).expect(200);
    expect(regime.body[0].kinds).toEqual([kind.body]);
  });

  it('re-plans the periods when a rule changes, and refuses a day the month does not have', async () => {
    const before = await snapshot(t.db);
    const refused = await patch(`/api/plans/${PLAN}/report-kinds/quarterly`, { dueRule: { monthOffset: 1, day: 30 } }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.errors).toEqual([
      { path: 'dueRule.day', message: 'Ngày 30 không có trong tháng 2/2026. Hãy chọn ngày có trong mọi tháng mà quy tắc rơi vào.' },
    ]);
    expect(await snapshot(t.db)).toEqual(before);

    await patch(`/api/plans/${PLAN}/report-kinds/quarterly`, {
      dueRule: { monthOffset: 2, day: 15 },
      namedDayCounts: true,
      slots: [2, 4],
    }).expect(200);
    const periods = (await get(`/api/plans/${PLAN}/periods`).expect(200)).body as {
      year: number;
      slot: number;
      dueAt: string;
      consolidationDueAt: string;
    }[];
    expect(periods).toHaveLength(10);
    expect(periods.slice(0, 2)).toEqual([
      expect.objectContaining({ year: 2026, slot: 2, dueAt: '2026-06-16T00:00:00+07:00', consolidationDueAt: '2026-06-26T00:00:00+07:00' }),
      expect.objectContaining({ year: 2026, slot: 4, dueAt: '2026-12-16T00:00:00+07:00', consolidationDueAt: '2026-12-26T00:00:00+07:00' }),
    ]);
  });

  it('re-plans the periods when the plan years change, and refuses years that drop a target', async () => {
    const before = await snapshot(t.db);
    const refused = await patch(`/api/plans/${PLAN}`, { endYear: 2029 }).expect(400);
    expect(refused.body.errors).toEqual([
      {
        path: 'endYear',
        message:
          'Chỉ tiêu "DUONG-XA" có mục tiêu năm 2030, nằm ngoài thời gian thực hiện mới 2026–2029. Hãy sửa mục tiêu của chỉ tiêu trước.',
      },
    ]);
    expect(await snapshot(t.db)).toEqual(before);

    const longer = await patch(`/api/plans/${PLAN}`, { endYear: 2031, legalBasis: 'Nghị quyết của Tỉnh ủy' }).expect(200);
    expect(longer.body).toMatchObject({ endYear: 2031, legalBasis: 'Nghị quyết của Tỉnh ủy', documentNumber: '15/KH-UBND' });
    const periods = (await get(`/api/plans/${PLAN}/periods`).expect(200)).body as { year: number; dueAt: string }[];
    expect(periods).toHaveLength(12);
    expect(periods[11]).toMatchObject({ year: 2031, dueAt: '2031-12-16T00:00:00+07:00' });
    await put(`/api/plans/${PLAN}/indicators/DUONG-XA/targets`, [{ year: 2031, comparator: 'at_least', value: '90' }]).expect(200);
  });

  it('re-plans the periods in place when the regime turns roll-forward on', async () => {
    type P = { id: string; year: number; slot: number; dueAt: string };
    const before = (await get(`/api/plans/${PLAN}/periods`).expect(200)).body as P[];
    const regimes = await patch(`/api/plans/${PLAN}/regime`, { rollForward: true }).expect(200);
    expect(regimes.body[0]).toMatchObject({ code: 'DEFAULT', rollForward: true, legalBasis: 'Mục V Kế hoạch' });
    const after = (await get(`/api/plans/${PLAN}/periods`).expect(200)).body as P[];
    expect(after.map((p) => p.id).sort()).toEqual(before.map((p) => p.id).sort());
    const due = (periods: P[], year: number, slot: number) => periods.find((p) => p.year === year && p.slot === slot)?.dueAt;
    // 15/12/2029 is a Saturday: the last day on time moves to Monday 17/12.
    expect([due(before, 2029, 4), due(after, 2029, 4)]).toEqual(['2029-12-16T00:00:00+07:00', '2029-12-18T00:00:00+07:00']);
    expect(due(after, 2026, 2)).toBe('2026-06-16T00:00:00+07:00'); // Monday 15/6/2026 stays
  });

  it('documents the administrator routes in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/plans/{code}/tasks/{taskCode}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(paths['/api/plans/{code}/indicators/{indicatorCode}/targets'])).toEqual(['put']);
    expect(Object.keys(paths['/api/plans/{code}/report-kinds'])).toEqual(['post']);
    expect(doc.body.components.schemas.UpdateTaskDto.properties).toHaveProperty('leadAgencyCodes');
  });

  it('leaves the Cao Bằng plan as it was', async () => {
    const cb = await get('/api/plans/CB-2026-2030').expect(200);
    expect(cb.body.capital).toEqual({ total: '93243.1', stateBudget: '75162.4', nonStateBudget: '18080.7' });
    expect((await get('/api/plans/CB-2026-2030/periods').expect(200)).body).toHaveLength(11);
  });
});
