import { detectFileType } from './file-type';

describe('detectFileType', () => {
  it('knows a PDF, a PNG and a JPEG by their first bytes', () => {
    expect(detectFileType(Buffer.from('%PDF-1.7\n...'))?.mediaType).toBe('application/pdf');
    expect(detectFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))?.mediaType).toBe('image/png');
    expect(detectFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.mediaType).toBe('image/jpeg');
  });

  it('refuses an HTML page or a script whatever it is called', () => {
    expect(detectFileType(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
    expect(detectFileType(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(detectFileType(Buffer.from('PK\x03\x04 not an office file'))).toBeNull();
  });
});
