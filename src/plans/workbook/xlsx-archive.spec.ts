import ExcelJS from 'exceljs';
import { manyPartsWorkbook, workbookParts, writeZip, zipBombWorkbook } from '../../../test/fixtures/zip-bomb';
import { archiveRefusal, IMPORT_ARCHIVE_LIMITS, inspectArchive, isArchiveProblem } from './xlsx-archive';

const MB = 1024 * 1024;

describe('inspectArchive (zip bombs, before ExcelJS opens a workbook)', () => {
  let xlsx: Buffer;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Kế hoạch').getCell('A1').value = 'Kế hoạch số 1';
    xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it('passes a workbook ExcelJS wrote, counting its parts and inflated bytes', async () => {
    const summary = await inspectArchive(xlsx);
    expect(isArchiveProblem(summary)).toBe(false);
    expect(summary).toMatchObject({ entries: expect.any(Number), inflatedBytes: expect.any(Number) });
    expect((summary as { entries: number }).entries).toBeGreaterThan(5);
  });

  it('refuses parts declaring more than the limit together, without inflating them', async () => {
    const bomb = await zipBombWorkbook(xlsx, 12 * MB);
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await inspectArchive(bomb, { maxInflatedBytes: 10 * MB, maxEntries: 100 })).toEqual({
      kind: 'too-large',
      part: 'xl/media/image1.png',
    });
    expect(isArchiveProblem(await inspectArchive(bomb, { maxInflatedBytes: 20 * MB, maxEntries: 100 }))).toBe(false);
  });

  it('refuses a part inflating to more than it declares, stopping at the declared size', async () => {
    const liar = await zipBombWorkbook(xlsx, 12 * MB, 1000);
    expect(await inspectArchive(liar)).toEqual({ kind: 'too-large', part: 'xl/media/image1.png' });
  });

  it('refuses more parts than the limit, counted from the directory even when its end record says fewer', async () => {
    const many = await manyPartsWorkbook(xlsx, 50);
    const total = (await workbookParts(xlsx)).length + 50;
    const limits = { maxInflatedBytes: 10 * MB, maxEntries: 40 };
    expect(await inspectArchive(many, limits)).toEqual({ kind: 'too-many-entries', entries: total });
    expect(isArchiveProblem(await inspectArchive(many, { ...limits, maxEntries: 100 }))).toBe(false);
    const understated = Buffer.from(many);
    understated.writeUInt16LE(5, understated.length - 22 + 8);
    understated.writeUInt16LE(5, understated.length - 22 + 10);
    expect(await inspectArchive(understated, limits)).toEqual({ kind: 'too-many-entries', entries: 41 });
  });

  it('calls a file without a zip directory, or with a broken part, unreadable', async () => {
    expect(await inspectArchive(Buffer.from('PK\u0003\u0004 not really a zip'))).toMatchObject({ kind: 'unreadable' });
    expect(await inspectArchive(xlsx.subarray(0, xlsx.length - 30))).toMatchObject({ kind: 'unreadable' });
    const broken = writeZip([{ name: 'xl/workbook.xml', deflated: { bytes: Buffer.from('not deflate data'), size: 100, crc: 0 } }]);
    expect(await inspectArchive(broken)).toMatchObject({ kind: 'unreadable' });
  });

  it('names the limits in Vietnamese: 413 for size and count, 415 for a broken file', () => {
    expect(archiveRefusal({ kind: 'too-large', part: 'x' })).toMatchObject({
      status: 413,
      code: 'WORKBOOK_TOO_LARGE',
      message: 'Tệp bảng tính vượt giới hạn 100 MB khi giải nén; chưa có gì được lưu.',
    });
    expect(archiveRefusal({ kind: 'too-many-entries', entries: 12345 })).toMatchObject({
      status: 413,
      field:
        'Tệp .xlsx có 12.345 phần bên trong, vượt giới hạn 10.000 phần; chưa có gì được lưu. Hãy lưu lại bảng tính bằng Excel rồi nhập lại.',
    });
    expect(archiveRefusal({ kind: 'unreadable', reason: 'x' }).status).toBe(415);
    expect(IMPORT_ARCHIVE_LIMITS).toEqual({ maxInflatedBytes: 100 * MB, maxEntries: 10_000 });
  });
});
