import ExcelJS from 'exceljs';
import { dienBienWorkbook } from '../../../test/fixtures/dien-bien-workbook';
import { flattenTasks } from './plan-document';
import { letterAt, readPlanWorkbook, sttStyle } from './workbook-read';

describe('letterAt', () => {
  it('counts bullets in bijective base 26 for any n', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 703, 18277, 18278].map(letterAt)).toEqual([
      'a',
      'b',
      'z',
      'aa',
      'ab',
      'az',
      'ba',
      'zz',
      'aaa',
      'aab',
      'zzz',
      'aaaa',
    ]);
  });

  it('never gives two bullets the same letters', () => {
    const seen = new Set(Array.from({ length: 20000 }, (_, n) => letterAt(n)));
    expect(seen.size).toBe(20000);
    expect([...seen].every((s) => /^[a-z]+$/.test(s))).toBe(true);
  });
});

describe('sttStyle', () => {
  it.each([
    ['IV-', 'R', 'IV'],
    ['IV.', 'R', 'IV'],
    ['IV:', 'R', 'IV'],
    ['1-', 'N', '1'],
    ['1 -', 'N', '1'],
    ['1.2-', 'N.N', '1.2'],
    ['a-', 'a', 'a'],
    ['(1)-', '(N)', '(1)'],
  ])('reads "%s" as style %s, segment %s', (stt, style, segment) => {
    expect(sttStyle(stt, [])).toEqual({ style, segment });
  });

  it('keeps a lone dash a bullet', () => {
    expect(sttStyle('-', [])).toEqual({ style: 'bullet-', segment: null });
    expect(sttStyle('', [])).toEqual({ style: 'bullet', segment: null });
  });
});

describe('readPlanWorkbook', () => {
  it('codes more than 702 bullets under one parent without gaps or "undefined"', async () => {
    const file = await dienBienWorkbook((wb: ExcelJS.Workbook) => {
      const pl02 = wb.getWorksheet('PL02')!;
      for (let i = 0; i < 701; i += 1) pl02.addRow(['-', `Hạng mục ${i + 3}`, 'UBND phường Điện Biên Phủ', null, 'Năm 2028']);
    });
    const { doc, errors } = await readPlanWorkbook(file, []);
    expect(errors).toEqual([]);
    const bullets = doc!.sections[1].tasks[0].children[0].children.map((t) => t.code);
    expect(bullets).toHaveLength(703);
    expect(bullets.slice(-3)).toEqual(['PL02.II.1.zy', 'PL02.II.1.zz', 'PL02.II.1.aaa']);
    expect(new Set(flattenTasks(doc!.sections).map(({ task }) => task.code)).size).toBe(flattenTasks(doc!.sections).length);
  });

  it('skips a sheet with no content, and reads one holding only a formula as a sheet to refuse', async () => {
    const blank = await dienBienWorkbook((wb) => {
      wb.addWorksheet('Sheet2').getCell('B3').value = ' ';
    });
    expect((await readPlanWorkbook(blank, [])).errors).toEqual([]);
    const formula = await dienBienWorkbook((wb) => {
      wb.addWorksheet('Sheet2').getCell('B3').value = { formula: 'PL01!F6*2', date1904: false };
    });
    expect((await readPlanWorkbook(formula, [])).errors).toEqual([
      expect.objectContaining({ sheet: 'Sheet2', row: 1, column: 'A', message: expect.stringContaining('không phải trang phụ lục') }),
    ]);
  });
});
