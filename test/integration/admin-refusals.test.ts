import { startTestApp, TestApp } from '../helpers/app';
import { snapshot } from './admin-snapshot';

/**
 * Bad input from an administrator gets a 4xx with a stable code, the field it is about and a
 * Vietnamese message, and changes nothing: every test compares a checksum of every touched table
 * before and after.
 */
describe('administrator writes refuse bad input and change nothing', () => {
  let t: TestApp;
  let admin: string;
  const PLAN = '/api/plans/CB-2026-2030';
  const task = (extra: object) => ({
    code: 'T.X',
    title: 'Nhiệm vụ thử',
    kind: 'task',
    sectionCode: 'PL01',
    leadAgencyCodes: ['SXD'],
    ...extra,
  });
  const indicator = (extra: object) => ({
    code: 'THU',
    name: 'Chỉ tiêu thử',
    unit: 'km',
    aggregation: 'sum',
    ownerAgencyCodes: ['SXD'],
    ...extra,
  });
  const section = (extra: object) => ({
    code: 'PL09',
    title: 'Phụ lục thử',
    capitalTotal: '100',
    capitalStateBudget: '60',
    capitalNonStateBudget: '40',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.bearer('admin');
    // A above B: the tree the cycle tests try to close.
    await t
      .http()
      .post(`${PLAN}/tasks`)
      .set('Authorization', admin)
      .send(task({ code: 'T.A', title: 'Nhiệm vụ A' }))
      .expect(201);
    await t
      .http()
      .post(`${PLAN}/tasks`)
      .set('Authorization', admin)
      .send(task({ code: 'T.B', title: 'Nhiệm vụ B', parentCode: 'T.A' }))
      .expect(201);
    await t
      .http()
      .post(`${PLAN}/tasks`)
      .set('Authorization', admin)
      .send(task({ code: 'T.C', title: 'Nhiệm vụ C', parentCode: 'T.B' }))
      .expect(201);
  });
  afterAll(() => t.close());

  /** Sends a request as `auth`, and checks that the database is exactly as before. */
  async function refused(method: 'post' | 'patch' | 'put', url: string, body: unknown, auth: string | null = admin) {
    const before = await snapshot(t.db);
    let req = t.http()[method](url);
    if (auth) req = req.set('Authorization', auth);
    const res = await req.send(body as object);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.message).toBe(String(res.body.message).normalize('NFC'));
    for (const e of res.body.errors ?? []) expect(e.message).toBe(e.message.normalize('NFC'));
    expect(await snapshot(t.db)).toEqual(before);
    return res;
  }

  it('refuses unknown agency codes, naming each one at its position', async () => {
    const res = await refused(
      'post',
      `${PLAN}/tasks`,
      task({ leadAgencyCodes: ['SXD', 'KHONG-CO'], cooperatingAgencyCodes: ['STC', 'NOPE'] }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([
      { path: 'leadAgencyCodes.1', message: 'Không có cơ quan nào mang mã "KHONG-CO".' },
      { path: 'cooperatingAgencyCodes.1', message: 'Không có cơ quan nào mang mã "NOPE".' },
    ]);
    const assignments = await refused('put', `${PLAN}/tasks/T.A/assignments`, { lead: ['XYZ'], cooperating: [] });
    expect(assignments.body.errors).toEqual([{ path: 'lead.0', message: 'Không có cơ quan nào mang mã "XYZ".' }]);
    const owners = await refused('post', `${PLAN}/indicators`, indicator({ ownerAgencyCodes: ['SXD', 'ZZZ'] }));
    expect(owners.body.errors).toEqual([{ path: 'ownerAgencyCodes.1', message: 'Không có cơ quan nào mang mã "ZZZ".' }]);
    const plan = await refused('post', '/api/plans', {
      code: 'X-2026',
      title: 'Kế hoạch',
      issuingBody: 'UBND',
      startYear: 2026,
      endYear: 2030,
      coordinatingAgencyCode: 'KHONG',
    });
    expect(plan.body.errors).toEqual([{ path: 'coordinatingAgencyCode', message: 'Không có cơ quan nào mang mã "KHONG".' }]);
  });

  it('refuses an agency that would both lead and cooperate on a task', async () => {
    const res = await refused('put', `${PLAN}/tasks/T.A/assignments`, { lead: ['SXD', 'STC'], cooperating: ['STC'] });
    expect(res.body.errors).toEqual([
      { path: 'cooperating.0', message: 'Cơ quan "STC" đã là cơ quan chủ trì của nhiệm vụ, không thể đồng thời là cơ quan phối hợp.' },
    ]);
  });

  it('refuses a loop in task parents: A above B, then B above A', async () => {
    const res = await refused('patch', `${PLAN}/tasks/T.A`, { parentCode: 'T.B' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'TASK_PARENT_CYCLE',
      message: 'Không thể đặt "T.B" làm nhiệm vụ cha của "T.A" vì "T.B" là nhiệm vụ con của "T.A" (sẽ tạo thành vòng lặp).',
      errors: [
        {
          path: 'parentCode',
          message: 'Không thể đặt "T.B" làm nhiệm vụ cha của "T.A" vì "T.B" là nhiệm vụ con của "T.A" (sẽ tạo thành vòng lặp).',
        },
      ],
    });
    const deep = await refused('patch', `${PLAN}/tasks/T.A`, { parentCode: 'T.C' });
    expect(deep.body.code).toBe('TASK_PARENT_CYCLE');
    const self = await refused('patch', `${PLAN}/tasks/T.B`, { parentCode: 'T.B' });
    expect(self.body).toMatchObject({ code: 'TASK_PARENT_CYCLE', message: 'Nhiệm vụ "T.B" không thể là nhiệm vụ cha của chính nó.' });
    // A parent in another section is fine.
    await t.http().patch(`${PLAN}/tasks/T.C`).set('Authorization', admin).send({ parentCode: 'II.3' }).expect(200);
    await t.http().patch(`${PLAN}/tasks/T.C`).set('Authorization', admin).send({ parentCode: 'T.B' }).expect(200);
  });

  it('refuses an unknown parent or section', async () => {
    const res = await refused('post', `${PLAN}/tasks`, task({ parentCode: 'IX.9', sectionCode: 'PL99' }));
    expect(res.body.errors).toEqual([
      { path: 'parentCode', message: 'Không có nhiệm vụ nào mang mã "IX.9" trong kế hoạch CB-2026-2030.' },
      { path: 'sectionCode', message: 'Không có phụ lục nào mang mã "PL99" trong kế hoạch CB-2026-2030.' },
    ]);
  });

  it('refuses 31/2 as a date', async () => {
    const res = await refused(
      'post',
      `${PLAN}/tasks`,
      task({
        timeline: { kind: 'date', date: '2026-02-31' },
        milestones: [{ title: 'Mốc', timeline: { kind: 'date', date: '2026-02-31' } }],
      }),
    );
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { path: 'timeline.date', message: 'Trường "timeline.date" phải là ngày có thật theo dạng YYYY-MM-DD.' },
      { path: 'milestones.0.timeline.date', message: 'Trường "milestones.0.timeline.date" phải là ngày có thật theo dạng YYYY-MM-DD.' },
    ]);
    const plan = await refused('patch', PLAN, { documentDate: '2026-02-31' });
    expect(plan.body.errors).toEqual([
      { path: 'documentDate', message: 'Trường "documentDate" phải là ngày có thật theo dạng YYYY-MM-DD.' },
    ]);
  });

  it('refuses a timeline inconsistent with its kind', async () => {
    const noYear = await refused('post', `${PLAN}/tasks`, task({ timeline: { kind: 'year' } }));
    expect(noYear.body.errors).toEqual([{ path: 'timeline.year', message: 'Mốc thời gian loại "year" cần năm (2000–2100).' }]);
    const noDate = await refused('patch', `${PLAN}/tasks/T.A`, { timeline: { kind: 'date', year: 2026 } });
    expect(noDate.body.errors).toEqual([
      { path: 'timeline.date', message: 'Mốc thời gian loại "date" cần ngày cụ thể theo dạng YYYY-MM-DD.' },
      { path: 'timeline.year', message: 'Mốc thời gian loại "date" không dùng trường "year".' },
    ]);
    const outOfRange = await refused('post', `${PLAN}/tasks`, task({ timeline: { kind: 'early_year', year: 1999 } }));
    expect(outOfRange.body.errors).toEqual([{ path: 'timeline.year', message: 'Năm phải nằm trong khoảng 2000–2100.' }]);
    const backwards = await refused('post', `${PLAN}/tasks`, task({ timeline: { kind: 'period', year: 2028, endYear: 2027 } }));
    expect(backwards.body.errors).toEqual([
      { path: 'timeline.endYear', message: 'Năm kết thúc (2027) không được nhỏ hơn năm bắt đầu (2028).' },
    ]);
  });

  it('refuses negative money', async () => {
    const message = (path: string) =>
      `Trường "${path}" phải là số thập phân không âm, dấu chấm thập phân, tối đa 3 chữ số lẻ (ví dụ "1200.5").`;
    const res = await refused('post', `${PLAN}/sections`, section({ capitalTotal: '-5' }));
    expect(res.body.errors).toEqual([{ path: 'capitalTotal', message: message('capitalTotal') }]);
    const taskMoney = await refused('patch', `${PLAN}/tasks/T.A`, { capitalStateBudget: '-5' });
    expect(taskMoney.body.errors).toEqual([{ path: 'capitalStateBudget', message: message('capitalStateBudget') }]);
    const target = await refused('put', `${PLAN}/indicators/NOXH/targets`, [{ year: 2030, comparator: 'at_least', value: '-5' }]);
    expect(target.body.errors).toEqual([{ path: 'targets.0.value', message: message('targets.0.value') }]);
  });

  it('refuses money with 4 decimals, and money sent as a JSON number', async () => {
    const res = await refused('post', `${PLAN}/sections`, section({ capitalTotal: '100.0001', capitalStateBudget: '60.0001' }));
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['capitalTotal', 'capitalStateBudget']);
    expect(res.body.errors[0].message).toContain('tối đa 3 chữ số lẻ');
    const number = await refused('patch', `${PLAN}/sections/PL01`, { capitalTotal: 78162.8 });
    expect(number.body.errors).toEqual([{ path: 'capitalTotal', message: expect.stringContaining('phải là số thập phân không âm') }]);
  });

  it('refuses a target for a year outside the plan, and a year given twice', async () => {
    const res = await refused('post', `${PLAN}/indicators`, indicator({ targets: [{ year: 2031, comparator: 'at_least', value: '10' }] }));
    expect(res.body.errors).toEqual([{ path: 'targets.0.year', message: 'Năm 2031 nằm ngoài thời gian thực hiện kế hoạch (2026–2030).' }]);
    const put = await refused('put', `${PLAN}/indicators/NOXH/targets`, {
      targets: [
        { year: 2025, comparator: 'at_least', value: '10' },
        { year: 2030, comparator: 'at_least', value: '1500' },
        { year: 2030, comparator: 'at_most', value: '1600' },
      ],
    });
    expect(put.body.errors).toEqual([
      { path: 'targets.0.year', message: 'Năm 2025 nằm ngoài thời gian thực hiện kế hoạch (2026–2030).' },
      { path: 'targets.2.year', message: 'Năm 2030 đã có mục tiêu ở phần tử trước; mỗi năm chỉ một mục tiêu.' },
    ]);
    const years = await refused('patch', PLAN, { startYear: 2027 });
    expect(years.body.errors).toEqual([
      {
        path: 'startYear',
        message:
          'Chỉ tiêu "NOXH-KC" có mục tiêu năm 2026, nằm ngoài thời gian thực hiện mới 2027–2030. Hãy sửa mục tiêu của chỉ tiêu trước.',
      },
    ]);
  });

  it('refuses a section whose total is not state budget plus non-state budget', async () => {
    const res = await refused(
      'post',
      `${PLAN}/sections`,
      section({ capitalTotal: '100', capitalStateBudget: '60', capitalNonStateBudget: '30' }),
    );
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.errors).toEqual([
      {
        path: 'capitalTotal',
        message: 'Tổng nhu cầu vốn (100 tỷ đồng) phải bằng vốn ngân sách nhà nước (60) cộng vốn ngoài ngân sách nhà nước (30).',
      },
    ]);
    const patch = await refused('patch', `${PLAN}/sections/PL01`, { capitalStateBudget: '64571.3' });
    expect(patch.body.errors).toEqual([
      {
        path: 'capitalTotal',
        message:
          'Tổng nhu cầu vốn (78162.8 tỷ đồng) phải bằng vốn ngân sách nhà nước (64571.3) cộng vốn ngoài ngân sách nhà nước (13591.6).',
      },
    ]);
    const taskSplit = await refused('patch', `${PLAN}/tasks/T.A`, {
      capitalTotal: '10',
      capitalStateBudget: '4',
      capitalNonStateBudget: '5',
    });
    expect(taskSplit.body.errors).toEqual([
      {
        path: 'capitalTotal',
        message: 'Tổng nhu cầu vốn (10 tỷ đồng) phải bằng vốn ngân sách nhà nước (4) cộng vốn ngoài ngân sách nhà nước (5).',
      },
    ]);
  });

  it('refuses unknown fields, at the top and nested', async () => {
    const res = await refused('post', `${PLAN}/tasks`, task({ color: 'red', timeline: { kind: 'year', year: 2026, month: 5 } }));
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'color', message: 'Trường "color" không được phép (trường không xác định).' },
        { path: 'timeline.month', message: 'Trường "timeline.month" không được phép (trường không xác định).' },
      ]),
    );
    expect(res.body.errors).toHaveLength(2);
    const code = await refused('patch', '/api/agencies/STC', { code: 'STC2' });
    expect(code.body.errors).toEqual([{ path: 'code', message: 'Trường "code" không được phép (trường không xác định).' }]);
  });

  it('refuses null for a field that cannot be empty, and blank text', async () => {
    const res = await refused('patch', `${PLAN}/tasks/T.A`, { title: null, leadAgencyCodes: [] });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'title', message: 'Trường "title" phải là chuỗi ký tự.' },
        { path: 'leadAgencyCodes', message: 'Nhiệm vụ cần ít nhất một cơ quan chủ trì.' },
      ]),
    );
    const blank = await refused('post', '/api/agencies', { code: 'X1', kind: 'commune', name: '   ', shortName: 'X' });
    expect(blank.body.errors).toEqual([{ path: 'name', message: 'Trường "name" không được để trống.' }]);
  });

  it('answers 409 in Vietnamese for a code already taken', async () => {
    const res = await refused('post', `${PLAN}/tasks`, task({ code: 'II.2.(1).a' }));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      statusCode: 409,
      code: 'TASK_CODE_TAKEN',
      message: 'Mã nhiệm vụ "II.2.(1).a" đã tồn tại trong kế hoạch.',
      errors: [],
    });
    const sectionTaken = await refused('post', `${PLAN}/sections`, section({ code: 'PL01' }));
    expect(sectionTaken.body).toMatchObject({ statusCode: 409, code: 'SECTION_CODE_TAKEN' });
    const indicatorTaken = await refused('post', `${PLAN}/indicators`, indicator({ code: 'NOXH' }));
    expect(indicatorTaken.body).toMatchObject({
      statusCode: 409,
      code: 'INDICATOR_CODE_TAKEN',
      message: 'Mã chỉ tiêu "NOXH" đã tồn tại trong kế hoạch.',
    });
    const agencyTaken = await refused('post', '/api/agencies', { code: 'STC', kind: 'department', name: 'Sở Tài chính', shortName: 'STC' });
    expect(agencyTaken.body).toMatchObject({ statusCode: 409, code: 'AGENCY_CODE_TAKEN', message: 'Mã cơ quan "STC" đã tồn tại.' });
    const planTaken = await refused('post', '/api/plans', {
      code: 'CB-2026-2030',
      title: 'Kế hoạch',
      issuingBody: 'UBND',
      startYear: 2026,
      endYear: 2030,
      coordinatingAgencyCode: 'SXD',
    });
    expect(planTaken.body).toMatchObject({ statusCode: 409, code: 'PLAN_CODE_TAKEN' });
    const kindTaken = await refused('post', `${PLAN}/report-kinds`, {
      code: 'annual',
      name: 'Năm',
      frequency: 'annual',
      periodLabel: 'Năm {year}',
      dueRule: { monthOffset: 11, day: 20 },
    });
    expect(kindTaken.body).toMatchObject({ statusCode: 409, code: 'REPORT_KIND_CODE_TAKEN' });
  });

  it('answers 404 for what does not exist', async () => {
    expect((await refused('patch', `${PLAN}/tasks/IX.9`, { title: 'Mới' })).body).toMatchObject({
      statusCode: 404,
      code: 'TASK_NOT_FOUND',
    });
    expect((await refused('patch', '/api/plans/KHONG-CO/sections/PL01', { title: 'Mới' })).body).toMatchObject({
      statusCode: 404,
      code: 'PLAN_NOT_FOUND',
    });
    expect((await refused('patch', `${PLAN}/indicators/KHONG`, { unit: 'm' })).body).toMatchObject({
      statusCode: 404,
      code: 'INDICATOR_NOT_FOUND',
    });
    expect((await refused('patch', `${PLAN}/report-kinds/weekly`, { name: 'Tuần' })).body).toMatchObject({
      statusCode: 404,
      code: 'REPORT_KIND_NOT_FOUND',
    });
    expect((await refused('patch', '/api/agencies/KHONG', { name: 'Mới' })).body).toMatchObject({
      statusCode: 404,
      code: 'AGENCY_NOT_FOUND',
    });
  });

  it('refuses report kind rules the calendar cannot follow', async () => {
    const base = { code: 'quarterly', name: 'Báo cáo quý', frequency: 'quarterly', periodLabel: 'Quý {slot}/{year}' };
    const day31 = await refused('post', `${PLAN}/report-kinds`, { ...base, dueRule: { monthOffset: 2, day: 31 } });
    expect(day31.body.errors).toEqual([
      { path: 'dueRule.day', message: 'Ngày 31 không có trong tháng 6/2026. Hãy chọn ngày có trong mọi tháng mà quy tắc rơi vào.' },
    ]);
    const badSlot = await refused('post', `${PLAN}/report-kinds`, { ...base, dueRule: { monthOffset: 2, day: 20 }, slots: [5] });
    expect(badSlot.body.errors).toEqual([{ path: 'slots', message: 'Mỗi kỳ trong năm (slots) phải là số nguyên từ 1 đến 4.' }]);
    const shape = await refused('post', `${PLAN}/report-kinds`, {
      ...base,
      frequency: 'semiannual',
      slots: [3],
      fixedDueDate: '2026-04-10',
    });
    expect(shape.body.errors).toEqual([
      { path: 'dueRule', message: 'Báo cáo định kỳ cần quy tắc hạn nộp (dueRule).' },
      { path: 'fixedDueDate', message: '"fixedDueDate" chỉ dùng cho báo cáo một lần; hãy bỏ trường này (gửi null).' },
      { path: 'slots.0', message: 'Tần suất "semiannual" chỉ có kỳ từ 1 đến 2 trong năm.' },
    ]);
    const order = await refused('patch', `${PLAN}/report-kinds/semiannual`, { consolidationDueRule: { monthOffset: 4, day: 10 } });
    expect(order.body.errors).toEqual([
      {
        path: 'consolidationDueRule',
        message: 'Hạn tổng hợp kỳ "Báo cáo 6 tháng đầu năm 2026" (10/5/2026) không được sớm hơn hạn nộp của các cơ quan (20/5/2026).',
      },
    ]);
    const offset = await refused('patch', `${PLAN}/report-kinds/semiannual`, { dueRule: { monthOffset: 121, day: 0 } });
    expect(offset.body.errors).toEqual([
      { path: 'dueRule.monthOffset', message: 'Độ lệch tháng phải là số nguyên từ -120 đến 120.' },
      { path: 'dueRule.day', message: 'Ngày phải là số nguyên từ 1 đến 31.' },
    ]);
    const owed = await refused('patch', `${PLAN}/report-kinds/annual`, { agencyCodes: [] });
    expect(owed.body.errors).toEqual([
      { path: 'agencyCodes', message: 'Khi owedBy là "listed", cần liệt kê ít nhất một cơ quan phải báo cáo.' },
    ]);
  });

  it('refuses years that end before they start', async () => {
    const res = await refused('patch', PLAN, { endYear: 2025 });
    expect(res.body.errors).toEqual([{ path: 'endYear', message: 'Năm kết thúc (2025) không được nhỏ hơn năm bắt đầu (2026).' }]);
    const range = await refused('post', '/api/plans', {
      code: 'X',
      title: 'K',
      issuingBody: 'U',
      startYear: 1999,
      endYear: 2101,
      coordinatingAgencyCode: 'SXD',
    });
    expect(range.body.errors).toEqual([
      { path: 'startYear', message: 'Năm phải nằm trong khoảng 2000–2100.' },
      { path: 'endYear', message: 'Năm phải nằm trong khoảng 2000–2100.' },
    ]);
  });

  it('refuses text holding a NUL character, which Postgres cannot store, with a 400 instead of a 500', async () => {
    const nul = 'Sở\u0000Thử';
    const writes: ['post' | 'patch' | 'put', string, object][] = [
      ['post', '/api/agencies', { code: 'NUL1', kind: 'department', name: nul, shortName: 'Thử' }],
      ['patch', '/api/agencies/STC', { name: nul }],
      ['patch', PLAN, { title: nul }],
      ['put', '/api/holidays/2027-03-03', { name: nul, dayOff: true }],
      ['post', `${PLAN}/tasks`, task({ title: nul })],
    ];
    for (const [method, url, body] of writes) {
      const res = await refused(method, url, body);
      expect([method, url, res.status, res.body.code]).toEqual([method, url, 400, 'VALIDATION_FAILED']);
    }
    // Anyone can send these: sign-in and lookups by code.
    const login = await refused('post', '/api/auth/login', { username: 'a\u0000b', password: 'x' }, null);
    expect(login.status).toBe(400);
    const lookup = await t.http().get('/api/plans/CB%00X').set('Authorization', admin);
    expect([lookup.status, lookup.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('answers 403 to a coordinator and 401 without a token', async () => {
    const coordinator = await t.bearer('coordinator');
    const writes: ['post' | 'patch' | 'put', string, object][] = [
      ['post', '/api/agencies', { code: 'X1', kind: 'commune', name: 'Xã', shortName: 'Xã' }],
      ['patch', '/api/agencies/STC', { name: 'Sở' }],
      ['post', '/api/plans', { code: 'X' }],
      ['patch', PLAN, { title: 'Mới' }],
      ['post', `${PLAN}/sections`, section({})],
      ['patch', `${PLAN}/sections/PL01`, { title: 'Mới' }],
      ['post', `${PLAN}/tasks`, task({})],
      ['patch', `${PLAN}/tasks/T.A`, { title: 'Mới' }],
      ['put', `${PLAN}/tasks/T.A/assignments`, { lead: ['SXD'], cooperating: [] }],
      ['post', `${PLAN}/indicators`, indicator({})],
      ['patch', `${PLAN}/indicators/NOXH`, { unit: 'm' }],
      ['put', `${PLAN}/indicators/NOXH/targets`, []],
      ['patch', `${PLAN}/regime`, { rollForward: true }],
      ['post', `${PLAN}/report-kinds`, {}],
      ['patch', `${PLAN}/report-kinds/annual`, { name: 'Năm' }],
    ];
    for (const [method, url, body] of writes) {
      const forbidden = await refused(method, url, body, coordinator);
      expect([method, url, forbidden.status, forbidden.body.code]).toEqual([method, url, 403, 'FORBIDDEN']);
      expect(forbidden.body.message).toBe('Bạn không có quyền thực hiện thao tác này.');
      const anonymous = await refused(method, url, body, null);
      expect([method, url, anonymous.status, anonymous.body.code]).toEqual([method, url, 401, 'UNAUTHORIZED']);
    }
    for (const user of ['leader', 'stc', 'stc-ld']) {
      const res = await refused('post', `${PLAN}/tasks`, task({}), await t.bearer(user));
      expect(res.status).toBe(403);
    }
  });
});
