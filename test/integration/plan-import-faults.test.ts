import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { startTestApp, TestApp } from '../helpers/app';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { dienBienWorkbook } from '../fixtures/dien-bien-workbook';
import { manyPartsWorkbook, zipBombWorkbook } from '../fixtures/zip-bomb';

/**
 * Workbooks that used to crash the import worker or be read wrongly (issue #15, "Import faults"):
 * each now answers a 422 pinned to its cell with a Vietnamese message, and saves nothing; or, when
 * the workbook is fine, is read as its author meant.
 */
describe('plan import faults (XLSX)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-20T09:00:00+07:00' });
    admin = await t.bearer('admin');
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, dryRun: boolean, filename = 'ke-hoach.xlsx') =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', admin)
      .attach('file', file, { filename, contentType: 'application/octet-stream' });
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM tasks)::int AS tasks,
                (SELECT count(*) FROM agencies)::int AS agencies, (SELECT count(*) FROM report_kinds)::int AS kinds,
                (SELECT count(*) FROM reporting_periods)::int AS periods, (SELECT count(*) FROM plan_imports)::int AS imports`,
      )
    )[0] as Record<string, number>;
  const bytes = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

  /** Imports for real and answers the refusal's errors, after checking nothing but the upload was saved. */
  const refusal = async (file: Buffer) => {
    const before = await counts();
    const res = await upload(file, false);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    const [row] = await t.db.query<{ state: string }[]>(`SELECT state FROM plan_imports WHERE id = $1`, [res.body.importId]);
    expect(row.state).toBe('refused'); // a refusal, not a worker crash
    return res.body.errors as { sheet: string; row: number | null; column: string | null; message: string }[];
  };
  const dryRunCodes = async (file: Buffer) => {
    const res = await upload(file, true);
    expect(res.body.errors).toEqual([]);
    expect(res.status).toBe(200);
    return (res.body.changes.created as { entity: string; code: string }[]).filter((c) => c.entity === 'task').map((c) => c.code);
  };

  describe('a workbook that is empty or not a plan', () => {
    it('refuses a workbook without sheets in one message', async () => {
      expect(await refusal(await bytes(new ExcelJS.Workbook()))).toEqual([
        {
          sheet: '',
          row: null,
          column: null,
          message:
            'Bảng tính không có trang tính nào. Hãy tải mẫu nhập kế hoạch, điền các trang "Kế hoạch", phụ lục (như "PL01") và "Chế độ báo cáo" rồi nhập lại.',
        },
      ]);
    });

    it('refuses a workbook whose sheets hold nothing in one message', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Kế hoạch');
      wb.addWorksheet('Sheet2').getCell('C3').value = '   ';
      expect(await refusal(await bytes(wb))).toEqual([
        {
          sheet: '',
          row: null,
          column: null,
          message:
            'Bảng tính trống: các trang "Kế hoạch", "Sheet2" không có dữ liệu. Hãy tải mẫu nhập kế hoạch, điền các trang "Kế hoạch", phụ lục (như "PL01") và "Chế độ báo cáo" rồi nhập lại.',
        },
      ]);
    });

    it('refuses a foreign workbook, one unrelated sheet of other data, in one message', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['Họ tên', 'Tuổi', 'Điểm']);
      ws.addRow(['Nguyễn Văn A', 34, 8.25]);
      ws.addRow(['Trần Thị B', 29, '7,5']);
      expect(await refusal(await bytes(wb))).toEqual([
        {
          sheet: '',
          row: null,
          column: null,
          message:
            'Bảng tính này không phải kế hoạch theo mẫu nhập: không có trang "Kế hoạch", trang phụ lục (như "PL01") hay trang "Chế độ báo cáo" nào (tệp chỉ có trang "Sheet1"). Hãy tải mẫu nhập kế hoạch, điền các trang "Kế hoạch", phụ lục (như "PL01") và "Chế độ báo cáo" rồi nhập lại.',
        },
      ]);
    });

    it('names the plan sheet when only it is missing', async () => {
      const file = await dienBienWorkbook((wb) => wb.removeWorksheet(wb.getWorksheet('Kế hoạch')!.id));
      expect(await refusal(file)).toEqual([{ sheet: 'Kế hoạch', row: null, column: null, message: 'Thiếu trang "Kế hoạch".' }]);
    });

    it('refuses a Word document (also a zip starting with PK) before a worker opens it', async () => {
      const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Kế hoạch')] }] }));
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const before = await counts();
      const res = await upload(docx, false, 'ke-hoach.docx').expect(415);
      expect(res.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Tệp không phải bảng tính Excel (.xlsx).',
        errors: [
          {
            path: 'file',
            message: 'Tệp là tệp nén nhưng không có bảng tính bên trong (có thể là tệp Word .docx); chỉ nhận tệp .xlsx.',
          },
        ],
      });
      expect(await counts()).toEqual(before);
    });
  });

  describe('zip bombs (issue 17 §16): refused with 413 before anything is stored or a worker opens them', () => {
    const cookieFor = async (username: string) => `${SESSION_COOKIE}=${(await t.bearer(username)).slice('Bearer '.length)}`;
    /** The administrator's page upload, with the CSRF token the plans page gave. */
    const pageUpload = async (file: Buffer) => {
      const cookie = await cookieFor('admin');
      const form = await t.http().get('/admin/plans').set('Cookie', cookie).expect(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
      const csrfCookie = ((form.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
      return t
        .http()
        .post('/admin/plans/import')
        .set('Cookie', [cookie, csrfCookie].filter(Boolean).join('; '))
        .field('csrf', csrf)
        .field('mode', 'dry-run')
        .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
    };
    const SIZE_MESSAGE =
      'Tệp .xlsx khi giải nén vượt giới hạn 100 MB; chưa có gì được lưu. Hãy bỏ bớt hình ảnh và trang tính không cần thiết rồi nhập lại.';

    it.each([
      ['declares 150 MB in one part', 150 * 1024 * 1024, undefined],
      ['declares 1 kB but inflates to 150 MB', 150 * 1024 * 1024, 1000],
    ])('refuses a valid-looking workbook whose image %s, on the API and the page', async (_, inflated, declared) => {
      const bomb = await zipBombWorkbook(await dienBienWorkbook(), inflated, declared);
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const before = await counts();
      const api = await upload(bomb, true).expect(413);
      expect(api.body).toMatchObject({
        code: 'WORKBOOK_TOO_LARGE',
        message: 'Tệp bảng tính vượt giới hạn 100 MB khi giải nén; chưa có gì được lưu.',
        errors: [{ path: 'file', message: SIZE_MESSAGE }],
      });
      const page = await pageUpload(bomb);
      expect(page.status).toBe(413);
      expect(page.text).toContain(SIZE_MESSAGE);
      // Not even the upload is stored: no worker ever reads it into ExcelJS.
      expect(await counts()).toEqual(before);
    });

    it('refuses a workbook of more than 10,000 parts (413), storing nothing', async () => {
      const many = await manyPartsWorkbook(await dienBienWorkbook(), 10_000);
      const before = await counts();
      const api = await upload(many, false).expect(413);
      expect(api.body.code).toBe('WORKBOOK_TOO_LARGE');
      expect(api.body.errors[0].message).toMatch(
        /^Tệp \.xlsx có 10\.0\d\d phần bên trong, vượt giới hạn 10\.000 phần; chưa có gì được lưu\./,
      );
      expect(await counts()).toEqual(before);
    });

    it('refuses a damaged archive (415) rather than handing it to a worker', async () => {
      const good = await dienBienWorkbook();
      const before = await counts();
      const res = await upload(good.subarray(0, good.length - 40), false).expect(415);
      expect(res.body.errors).toEqual([
        { path: 'file', message: 'Tệp nén bị hỏng hoặc không đọc được; hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi nhập lại.' },
      ]);
      expect(await counts()).toEqual(before);
      // The real workbook still imports (dry run).
      expect((await upload(good, true).expect(200)).body.errors).toEqual([]);
    });
  });

  describe('money cells', () => {
    it('refuses "1,500" typed as text (1,5 or 1.500?) and a number with more than three decimals, naming the cell', async () => {
      const file = await dienBienWorkbook((wb) => {
        const pl01 = wb.getWorksheet('PL01')!;
        pl01.getCell('F8').value = '1,500';
        pl01.getCell('G9').value = 1234.5678;
      });
      expect(await refusal(file)).toEqual([
        {
          sheet: 'PL01',
          row: 8,
          column: 'F',
          message:
            'Ô F8: số tiền "1,500" không rõ nghĩa: dấu phẩy là dấu thập phân (1,5 tỷ đồng) hay dấu phân cách hàng nghìn (1.500 tỷ đồng)? Hãy ghi "1500" nếu là 1.500 tỷ đồng; nếu là 1,5 tỷ đồng, ghi "1,5" hoặc nhập ô dạng số.',
        },
        {
          sheet: 'PL01',
          row: 9,
          column: 'G',
          message: 'Ô G9: số tiền 1.234,5678 có quá 3 chữ số thập phân (tỷ đồng, tính đến triệu đồng); hãy làm tròn, ví dụ 1.234,568.',
        },
      ]);
    });

    it('still reads the unambiguous forms: "10.276,0", "0,5", "0,500" and numbers', async () => {
      const file = await dienBienWorkbook((wb) => {
        const pl01 = wb.getWorksheet('PL01')!;
        pl01.getCell('F9').value = '10.276,0';
        pl01.getCell('G9').value = '10.275,5';
        pl01.getCell('H9').value = '0,5';
        pl01.getCell('F10').value = '0,500';
        pl01.getCell('G10').value = 0.2;
        pl01.getCell('H10').value = { formula: 'G10+0.1', result: 0.1 + 0.2 }; // a double's noise is not extra precision
      });
      const res = await upload(file, true).expect(200);
      expect(res.body.errors).toEqual([]);
    });
  });

  it('reads STT with a trailing dash ("II-", "1-", "a-") as the numbering it is, not as duplicate codes', async () => {
    const file = await dienBienWorkbook((wb) => {
      const pl02 = wb.getWorksheet('PL02')!;
      pl02.getCell('A7').value = 'II-';
      pl02.getCell('A8').value = '1-';
      pl02.addRow(['III-', 'Cấp nước đô thị', 'Sở Xây dựng tỉnh Điện Biên', null, '2026–2030']);
      pl02.addRow(['1-', 'Nâng cấp nhà máy nước', 'Sở Xây dựng tỉnh Điện Biên', null, 'Năm 2027']);
      pl02.addRow(['a-', 'Khảo sát nguồn nước', 'Sở Xây dựng tỉnh Điện Biên', null, 'Năm 2026']);
      pl02.addRow(['IV-', 'Thoát nước đô thị', 'Sở Xây dựng tỉnh Điện Biên', null, '2026–2030']);
      pl02.addRow(['1-', 'Cải tạo mương thoát nước', 'Sở Xây dựng tỉnh Điện Biên', null, 'Năm 2028']);
    });
    const codes = await dryRunCodes(file);
    expect(codes.filter((c) => c.startsWith('PL02.'))).toEqual([
      'PL02.II',
      'PL02.II.1',
      'PL02.II.1.a',
      'PL02.II.1.b',
      'PL02.II.1.b.(i)',
      'PL02.III',
      'PL02.III.1',
      'PL02.III.1.a',
      'PL02.IV',
      'PL02.IV.1',
    ]);
  });

  it('skips an extra sheet with nothing in it, but still refuses one with content and no header', async () => {
    const extra = await dienBienWorkbook((wb) => {
      wb.addWorksheet('Sheet2');
      const blank = wb.addWorksheet('Sheet3');
      blank.getCell('B2').value = '';
      blank.getCell('D5').value = '  ';
      blank.getCell('A1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    });
    expect(await dryRunCodes(extra)).toContain('PL02.II.1.a');

    const notes = await dienBienWorkbook((wb) => {
      wb.addWorksheet('Ghi chú').getCell('A3').value = 'Số liệu cập nhật đến tháng 1/2026';
    });
    expect(await refusal(notes)).toEqual([
      {
        sheet: 'Ghi chú',
        row: 1,
        column: 'A',
        message:
          'Trang "Ghi chú" không phải trang phụ lục theo mẫu: không có dòng "Mã phụ lục" (ô A1) và dòng tiêu đề có cột "STT". Hãy xóa trang này hoặc điền theo mẫu phụ lục.',
      },
    ]);
  });

  it('gives more than 702 bullets under one parent codes a..z, aa..zz, aaa', async () => {
    const file = await dienBienWorkbook((wb) => {
      const pl02 = wb.getWorksheet('PL02')!;
      for (let i = 0; i < 701; i += 1) pl02.addRow(['-', `Hạng mục ${i + 3}`, 'UBND phường Điện Biên Phủ', null, 'Năm 2028']);
    });
    const codes = await dryRunCodes(file);
    const bullets = codes.filter((c) => /^PL02\.II\.1\.[a-z]+$/.test(c));
    expect(bullets).toHaveLength(703);
    expect(bullets.slice(0, 3)).toEqual(['PL02.II.1.a', 'PL02.II.1.b', 'PL02.II.1.c']);
    expect(bullets.slice(25, 28)).toEqual(['PL02.II.1.z', 'PL02.II.1.aa', 'PL02.II.1.ab']);
    expect(bullets.slice(-2)).toEqual(['PL02.II.1.zz', 'PL02.II.1.aaa']);
    expect(codes.some((c) => c.includes('undefined'))).toBe(false);
  });

  describe('report kinds', () => {
    it('refuses a kind due before its data window ends, at the due cell', async () => {
      const file = await dienBienWorkbook((wb) => {
        const kinds = wb.getWorksheet('Chế độ báo cáo')!;
        kinds.getCell('I2').value = 'ngày 1 tháng thứ 1';
        kinds.getCell('J2').value = 'ngày 30 tháng thứ 3';
      });
      expect(await refusal(file)).toEqual([
        {
          sheet: 'Chế độ báo cáo',
          row: 2,
          column: 'G',
          message:
            'Kỳ "Báo cáo quý 1 năm 2026": hạn nộp trước ngày 15/3/2026 nhưng số liệu tính đến hết ngày 30/3/2026; hạn nộp phải sau ngày cuối của số liệu.',
        },
      ]);
    });

    it('refuses the same through the regime admin API, and keeps the Cao Bằng windows valid', async () => {
      const kinds = '/api/plans/CB-2026-2030/report-kinds';
      const before = await counts();
      const res = await t
        .http()
        .patch(`${kinds}/semiannual`)
        .set('Authorization', admin)
        .send({ dueRule: { monthOffset: 4, day: 10 } })
        .expect(400);
      expect(res.body.errors).toEqual([
        {
          path: 'dueRule',
          message:
            'Kỳ "Báo cáo 6 tháng đầu năm 2026": hạn nộp trước ngày 10/5/2026 nhưng số liệu tính đến hết ngày 14/5/2026; hạn nộp phải sau ngày cuối của số liệu.',
        },
      ]);
      expect(await counts()).toEqual(before);
      // Unchanged rules (window 15/12–14/5 due 20/5; annual window to 14/12 due 20/12) are accepted as they are.
      for (const code of ['semiannual', 'annual']) {
        await t.http().patch(`${kinds}/${code}`).set('Authorization', admin).send({ namedDayCounts: false }).expect(200);
      }
    });
  });
});
