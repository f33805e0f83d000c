import { FILE_NAME_MAX_LENGTH, storedFileName } from './file-name';

const name = (raw: string) => storedFileName(raw, 'tep-dinh-kem');

describe('storedFileName', () => {
  it('keeps a Vietnamese name as sent, in NFC', () => {
    expect(name('Báo cáo 6 tháng – Sở Tài chính.pdf')).toBe('Báo cáo 6 tháng – Sở Tài chính.pdf');
    expect(name('Ba\u0301o ca\u0301o.pdf')).toBe('Báo cáo.pdf');
    expect(name('👨‍👩‍👧 gia đình.png')).toBe('👨‍👩‍👧 gia đình.png');
  });

  it('takes the last path segment whichever slash the client used', () => {
    expect(name('C:\\Users\\an\\bao-cao.pdf')).toBe('bao-cao.pdf');
    expect(name('../../etc/passwd')).toBe('passwd');
    expect(name('..')).toBe('tep-dinh-kem');
  });

  it('strips bidirectional controls, so a name shows what it is', () => {
    expect(name('hoa-don\u202Efdp.exe.pdf')).toBe('hoa-donfdp.exe.pdf');
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ]) {
      expect(name(`a${c}b.pdf`)).toBe('ab.pdf');
    }
  });

  it('strips control characters, separators, the byte-order mark and lone surrogates', () => {
    expect(name('a\u0000b\u0007c\u001f\u007f\u0085\u009fd.pdf')).toBe('abcd.pdf');
    expect(name('a\nb\r\tc\u2028\u2029.pdf')).toBe('abc.pdf');
    expect(name('\uFEFFa\uD83Db.pdf')).toBe('ab.pdf');
    expect(name('\u202E\u0000 ')).toBe('tep-dinh-kem');
  });

  it('keeps a name of 255 characters whole, an emoji as the 255th included', () => {
    const full = 'a'.repeat(FILE_NAME_MAX_LENGTH - 1) + '😀';
    expect(full.length).toBe(256); // UTF-16 code units: a naive slice(0, 255) would split the emoji
    expect(name(full)).toBe(full);
  });

  it('cuts a long name at a character boundary, never inside a surrogate pair, keeping the extension', () => {
    const cut = name('a'.repeat(250) + '😀😀😀😀😀😀.pdf');
    expect(Array.from(cut)).toHaveLength(FILE_NAME_MAX_LENGTH);
    expect(cut).toBe('a'.repeat(250) + '😀.pdf');
    expect(/\p{Cs}/u.test(cut)).toBe(false);
    const noExtension = name('😀'.repeat(300));
    expect(noExtension).toBe('😀'.repeat(FILE_NAME_MAX_LENGTH));
    expect(() => encodeURIComponent(noExtension)).not.toThrow();
  });

  it('never splits an emoji sequence or a letter from its combining mark when cutting', () => {
    const family = '👨‍👩‍👧'; // 5 code points
    const cut = storedFileName('x'.repeat(8) + family, 'f', 10);
    expect(cut).toBe('x'.repeat(8));
  });
});
