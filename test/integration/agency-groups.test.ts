import ExcelJS from 'exceljs';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { TQ_PLAN, tuyenQuangWorkbook } from '../../seeds/tuyen-quang/workbook';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { HG_PLAN, haGiangGroupsWorkbook } from '../fixtures/ha-giang-groups-workbook';

/**
 * Agency groups: a workbook names "Các sở, ban, ngành", "UBND các xã, phường" (by kind) and the
 * district level "Các huyện ủy, thành ủy" in task, indicator and report kind cells instead of
 * writing each agency out. Every member is assigned and owes the kind's periods; the export writes
 * the group back, so export → import changes nothing; a changed membership re-imports as a diff;
 * bad groups are refused at their cells; another plan's group of the same name is its own.
 */
describe('agency groups in the plan workbook', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-13T09:00:00+07:00' });
    admin = await t.bearer('admin');
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, dryRun = false) =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const exportOf = async (code: string) =>
    (await t.http().get(`/api/plans/${code}/export.xlsx`).set('Authorization', admin).buffer(true).parse(binaryParser).expect(200))
      .body as Buffer;
  const codes = (list: { code: string }[]) => list.map((a) => a.code).sort();
  const task = async (plan: string, code: string) =>
    (await t.http().get(`/api/plans/${plan}/tasks/${code}`).set('Authorization', admin).expect(200)).body;
  const groupMembers = async (plan: string, code: string) =>
    (
      await t.db.query<{ code: string }[]>(
        `SELECT a.code FROM agency_group_members m JOIN agency_groups g ON g.id = m.group_id JOIN plans p ON p.id = g.plan_id
         JOIN agencies a ON a.id = m.agency_id WHERE p.code = $1 AND g.code = $2 ORDER BY a.code`,
        [plan, code],
      )
    ).map((r) => r.code);

  it('imports the groups and assigns every member: departments, communes and wards by kind, district bodies', async () => {
    const res = await upload(await haGiangGroupsWorkbook()).expect(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.changes.created).toEqual(
      expect.arrayContaining([
        { entity: 'agencyGroup', code: 'SBN' },
        { entity: 'agencyGroup', code: 'XP' },
        { entity: 'agencyGroup', code: 'HUTU' },
      ]),
    );
    const rural = await task(HG_PLAN, 'PL01.1');
    expect(codes(rural.lead)).toEqual(['HG-SXD']);
    // The lead is not also a cooperating agency of its own task.
    expect(codes(rural.cooperating)).toEqual(['HG-SGTVT', 'HG-STC']);
    const roads = await task(HG_PLAN, 'PL01.2');
    expect(codes(roads.lead)).toEqual(['HG-P-NH', 'HG-X-MT', 'HG-X-TB']);
    const district = await task(HG_PLAN, 'PL01.3');
    expect(codes(district.lead)).toEqual(['HG-HU-BM', 'HG-HU-VX', 'HG-TU-HG', 'HG-UBH-BM']);
    expect(district.lead.find((a: { code: string }) => a.code === 'HG-TU-HG')).toMatchObject({
      name: 'Thành ủy Hà Giang',
      kind: 'district',
    });
    const doc = (await t.app.get(PlanDocumentReader).load(HG_PLAN))!;
    expect(doc.indicators[0]).toMatchObject({ owners: ['HG-P-NH', 'HG-X-MT', 'HG-X-TB'], ownerGroups: ['XP'] });
    expect(doc.kinds[0]).toMatchObject({ agencyCodes: ['HG-P-NH', 'HG-SXD', 'HG-X-MT', 'HG-X-TB'], agencyGroups: ['XP'] });
    expect(doc.groups).toEqual([
      { code: 'SBN', name: 'Các sở, ban, ngành', members: ['HG-SGTVT', 'HG-STC', 'HG-SXD'], kinds: [] },
      { code: 'XP', name: 'UBND các xã, phường', members: ['HG-P-NH', 'HG-X-MT', 'HG-X-TB'], kinds: ['commune', 'ward'] },
      { code: 'HUTU', name: 'Các huyện ủy, thành ủy', members: ['HG-HU-BM', 'HG-HU-VX', 'HG-TU-HG'], kinds: [] },
    ]);
  });

  it('makes a commune of the group owe the kind’s period: it sees it on /my; a department outside the list does not', async () => {
    for (const [username, agencyCode] of [
      ['hg-xa-minh-tan', 'HG-X-MT'],
      ['hg-stc', 'HG-STC'],
    ]) {
      await t
        .http()
        .post('/api/users')
        .set('Authorization', admin)
        .send({ username, displayName: 'Cán bộ báo cáo', role: 'reporter', agencyCode, password: 'Mat-khau-Bao-cao-2026' })
        .expect(201);
    }
    const cookie = async (username: string) => {
      const login = await t.http().post('/api/auth/login').send({ username, password: 'Mat-khau-Bao-cao-2026' }).expect(200);
      return `cbr_sid=${login.body.accessToken as string}`;
    };
    const label = 'Báo cáo sơ kết hạ tầng nông thôn 6 tháng đầu năm 2026';
    const commune = await t
      .http()
      .get('/my')
      .set('Cookie', await cookie('hg-xa-minh-tan'))
      .expect(200);
    expect(commune.text).toContain(label);
    const department = await t
      .http()
      .get('/my')
      .set('Cookie', await cookie('hg-stc'))
      .expect(200);
    expect(department.text).not.toContain(label);
  });

  it('lists the groups and their members on the plan’s admin page and names a group in the assignments', async () => {
    const token = admin.replace('Bearer ', '');
    const page = await t.http().get(`/admin/plans/${HG_PLAN}`).set('Cookie', `cbr_sid=${token}`).expect(200);
    expect(page.text).toContain('Nhóm cơ quan');
    expect(page.text).toMatch(
      /<tr data-group="HUTU"><td>HUTU<\/td><td>Các huyện ủy, thành ủy<\/td><td>3<\/td><td>Huyện ủy Bắc Mê; Huyện ủy Vị Xuyên; Thành ủy Hà Giang<\/td><\/tr>/,
    );
    expect(page.text).toContain('<td>UBND các xã, phường (3 cơ quan)</td>');
    expect(page.text).toContain('<td>Các huyện ủy, thành ủy (3 cơ quan); UBND huyện Bắc Mê</td>');
    expect(page.text).toContain('<td>Sở Xây dựng</td><td>Các sở, ban, ngành (3 cơ quan)</td>');
  });

  it('exports the group names back, and export → import of the plan and of the Tuyên Quang sample changes nothing', async () => {
    const exported = await exportOf(HG_PLAN);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ArrayBuffer);
    const groups = wb.getWorksheet('Nhóm cơ quan')!;
    expect(groups.getRow(3).values).toEqual([undefined, 'XP', 'UBND các xã, phường', '', 'Xã; Phường']);
    const pl01 = wb.getWorksheet('PL01')!;
    const cells = [7, 8, 9].map((r) => [pl01.getCell(r, 4).value, pl01.getCell(r, 5).value]);
    expect(cells).toEqual([
      ['Sở Xây dựng tỉnh Hà Giang', 'Các sở, ban, ngành'],
      ['UBND các xã, phường', 'Sở Giao thông vận tải tỉnh Hà Giang'],
      ['Các huyện ủy, thành ủy; UBND huyện Bắc Mê', ''],
    ]);
    expect(wb.getWorksheet('Chỉ tiêu')!.getCell('F2').value).toBe('UBND các xã, phường');

    await upload(await tuyenQuangWorkbook()).expect(200);
    for (const code of [HG_PLAN, TQ_PLAN]) {
      const before = await t.app.get(PlanDocumentReader).load(code);
      const res = await upload(await exportOf(code)).expect(200);
      expect(res.body.changes.created).toEqual([]);
      expect(res.body.changes.updated).toEqual([]);
      expect(res.body.changes.removed).toEqual([]);
      expect(await t.app.get(PlanDocumentReader).load(code)).toEqual(before);
    }
    const tq = (await t.app.get(PlanDocumentReader).load(TQ_PLAN))!;
    expect(tq.groups?.map((g) => [g.name, g.members])).toEqual([
      ['Các đảng ủy xã, phường', ['TQ-DUP-MT', 'TQ-DUX-MB', 'TQ-DUX-YS']],
      ['Các đảng ủy xã', ['TQ-DUX-MB', 'TQ-DUX-YS']],
    ]);
  });

  it('re-imports a changed membership as a diff of the group and of the tasks that name it', async () => {
    const changed = await haGiangGroupsWorkbook((wb) => {
      wb.getWorksheet('Nhóm cơ quan')!.getCell('C2').value = 'Sở Xây dựng; Sở Tài chính; Sở Giao thông vận tải; Sở Nông nghiệp';
    });
    const dry = await upload(changed, true).expect(200);
    expect(dry.body.changes.updated).toEqual([
      { entity: 'agencyGroup', code: 'SBN', fields: ['members'] },
      { entity: 'task', code: 'PL01.1', fields: ['cooperating'] },
    ]);
    expect(dry.body.changes.removed).toEqual([]);
    await upload(changed).expect(200);
    expect(codes((await task(HG_PLAN, 'PL01.1')).cooperating)).toEqual(['HG-SGTVT', 'HG-SNN', 'HG-STC']);
    expect(await groupMembers(HG_PLAN, 'SBN')).toEqual(['HG-SGTVT', 'HG-SNN', 'HG-STC', 'HG-SXD']);
  });

  it('refuses an unknown member, an unknown group, a group naming itself and an empty group at their cells (422, nothing saved)', async () => {
    const before = await t.app.get(PlanDocumentReader).load(HG_PLAN);
    const bad = await haGiangGroupsWorkbook((wb) => {
      const groups = wb.getWorksheet('Nhóm cơ quan')!;
      groups.getCell('C2').value = 'Sở Xây dựng; Sở Du lịch';
      groups.getCell('C4').value = 'Các huyện ủy, thành ủy; Huyện ủy Bắc Mê';
      groups.addRow(['TRONG', 'Nhóm chưa có ai', null, null]);
      wb.getWorksheet('PL01')!.getCell('D7').value = 'Các ban của Tỉnh ủy';
    });
    const res = await upload(bad).expect(422);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(res.body.errors).toEqual([
      {
        sheet: 'Nhóm cơ quan',
        row: 2,
        column: 'C',
        message: 'Không tìm thấy cơ quan "Sở Du lịch". Hãy thêm cơ quan này vào trang "Cơ quan" hoặc sửa lại tên.',
      },
      { sheet: 'Nhóm cơ quan', row: 4, column: 'C', message: 'Nhóm "Các huyện ủy, thành ủy" không thể là thành viên của chính nó.' },
      {
        sheet: 'Nhóm cơ quan',
        row: 5,
        column: 'C',
        message: 'Nhóm "Nhóm chưa có ai" chưa có cơ quan nào: ghi các cơ quan ở cột "Thành viên" hoặc loại cơ quan ở cột "Theo loại".',
      },
      {
        sheet: 'PL01',
        row: 7,
        column: 'D',
        message:
          'Không có nhóm cơ quan "Các ban của Tỉnh ủy". Hãy khai báo nhóm này ở trang "Nhóm cơ quan" (Mã nhóm, Tên nhóm, Thành viên) hoặc ghi từng cơ quan.',
      },
    ]);
    expect(await t.app.get(PlanDocumentReader).load(HG_PLAN)).toEqual(before);
  });

  it('keeps a second plan’s group of the same name to itself', async () => {
    const other = await haGiangGroupsWorkbook((wb) => {
      wb.getWorksheet('Nhóm cơ quan')!.getCell('C2').value = 'Sở Tài chính';
    }, 'HG-KH2-2026');
    await upload(other).expect(200);
    expect(codes((await task('HG-KH2-2026', 'PL01.1')).cooperating)).toEqual(['HG-STC']);
    expect(await groupMembers('HG-KH2-2026', 'SBN')).toEqual(['HG-STC']);
    expect(await groupMembers(HG_PLAN, 'SBN')).toEqual(['HG-SGTVT', 'HG-SNN', 'HG-STC', 'HG-SXD']);
    expect(codes((await task(HG_PLAN, 'PL01.1')).cooperating)).toEqual(['HG-SGTVT', 'HG-SNN', 'HG-STC']);
  });
});
