import { placeAndDate } from '../consolidation/report-content';
import { EMPTY_IDENTITY, jurisdictionFromName, letterheadLine, mottoLines, numberLine, resolvePlanIdentity } from './plan-identity';

const DEFAULTS = { organizationName: 'Sở Xây dựng tỉnh Cao Bằng', mailFrom: 'Hệ thống <no-reply@caobang.example>' };

describe('plan identity', () => {
  it('finds the province a body names, and none in a national body', () => {
    expect(jurisdictionFromName('Ủy ban nhân dân tỉnh Cao Bằng')).toBe('Cao Bằng');
    expect(jurisdictionFromName('Ban Chấp hành Đảng bộ tỉnh Tuyên Quang')).toBe('Tuyên Quang');
    expect(jurisdictionFromName('Tỉnh ủy Tuyên Quang')).toBe('Tuyên Quang');
    expect(jurisdictionFromName('Ủy ban nhân dân thành phố Hà Nội')).toBe('Hà Nội');
    expect(jurisdictionFromName('Thủ tướng Chính phủ')).toBeNull();
  });

  it('writes a letterhead line in capitals with UBND abbreviated', () => {
    expect(letterheadLine('Ủy ban nhân dân tỉnh Cao Bằng')).toBe('UBND TỈNH CAO BẰNG');
    expect(letterheadLine('Tỉnh ủy Tuyên Quang')).toBe('TỈNH ỦY TUYÊN QUANG');
  });

  it('derives a state department: parent letterhead, BC-code, motto, signer, sender', () => {
    const id = resolvePlanIdentity(
      { ...EMPTY_IDENTITY, jurisdiction: 'Cao Bằng' },
      {
        coordinating: { code: 'SXD', name: 'Sở Xây dựng', shortName: 'Sở Xây dựng' },
        coordinatingParent: { name: 'Ủy ban nhân dân tỉnh Cao Bằng' },
        recipient: { name: 'Ủy ban nhân dân tỉnh Cao Bằng', shortName: 'UBND tỉnh' },
      },
      DEFAULTS,
    );
    expect(id).toMatchObject({
      letterheadParent: 'UBND TỈNH CAO BẰNG',
      issuer: 'SỞ XÂY DỰNG',
      numberSymbol: 'BC-SXD',
      place: 'Cao Bằng',
      signerTitle: 'GIÁM ĐỐC',
      storageLine: 'Lưu: VT',
      senderName: 'Sở Xây dựng tỉnh Cao Bằng',
      senderEmail: 'no-reply@caobang.example',
      recipientShortName: 'UBND tỉnh',
    });
    expect(numberLine(id, null)).toBe('Số:       /BC-SXD');
    expect(numberLine(id, '125')).toBe('Số: 125/BC-SXD');
    expect(numberLine(id, '125/BC-SXD')).toBe('Số: 125/BC-SXD');
    expect(mottoLines(id.bodyKind)).toEqual({ line: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', underline: 'Độc lập - Tự do - Hạnh phúc' });
  });

  it('gives a party body the party name for motto and the "Số …-BC/…" form', () => {
    const id = resolvePlanIdentity(
      { ...EMPTY_IDENTITY, jurisdiction: 'Tuyên Quang', bodyKind: 'party', numberSymbol: 'BC/BTGTU' },
      {
        coordinating: { code: 'BTGTU', name: 'Ban Tuyên giáo Tỉnh ủy', shortName: 'Ban Tuyên giáo' },
        coordinatingParent: { name: 'Tỉnh ủy Tuyên Quang' },
        recipient: { name: 'Ban Thường vụ Tỉnh ủy Tuyên Quang', shortName: 'Ban Thường vụ Tỉnh ủy' },
      },
      DEFAULTS,
    );
    expect(mottoLines(id.bodyKind)).toEqual({ line: 'ĐẢNG CỘNG SẢN VIỆT NAM', underline: null });
    expect(numberLine(id, '45')).toBe('Số 45-BC/BTGTU');
    expect(id.letterheadParent).toBe('TỈNH ỦY TUYÊN QUANG');
    expect(id.senderName).toBe('Ban Tuyên giáo Tỉnh ủy Tuyên Quang');
    expect(id.signerTitle).toBe('TRƯỞNG BAN');
  });
});

describe('the date line (Decree 30)', () => {
  it('pads the day below 10 and only the months 1 and 2', () => {
    const months = Array.from({ length: 12 }, (_, i) => placeAndDate('Cao Bằng', `2027-${String(i + 1).padStart(2, '0')}-05`));
    expect(months).toEqual([
      'Cao Bằng, ngày 05 tháng 01 năm 2027',
      'Cao Bằng, ngày 05 tháng 02 năm 2027',
      ...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => `Cao Bằng, ngày 05 tháng ${m} năm 2027`),
    ]);
    expect(placeAndDate('Tuyên Quang', '2026-12-20')).toBe('Tuyên Quang, ngày 20 tháng 12 năm 2026');
  });
});
