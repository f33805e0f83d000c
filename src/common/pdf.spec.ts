import { cleanPdfText, mmToPt } from './pdf';

describe('PDF text and measures', () => {
  it('prints text in NFC, without controls or bidirectional marks, with plain line ends', () => {
    expect(cleanPdfText('  Ba\u0301o ca\u0301o\r\nquý\u202e II\u0007\t2026  ')).toBe('Báo cáo\nquý II 2026');
    expect(cleanPdfText('hoa-don\u202Efdp\u200f\ufeff')).toBe('hoa-donfdp');
    expect(cleanPdfText(null)).toBe('');
  });

  it('converts millimetres to whole points', () => {
    expect(mmToPt(20)).toBe(57);
    expect(mmToPt(30)).toBe(85);
    expect(mmToPt(297)).toBe(842);
  });
});
