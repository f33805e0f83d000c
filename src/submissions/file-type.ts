/** File kinds a report may carry, judged by their bytes, never by their name. */
export interface DetectedType {
  mediaType: string;
  label: string;
}

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * PDF (the signed letter), PNG and JPEG images, Word and Excel files (OOXML zip packages).
 * Anything else, an HTML page named .pdf included, is refused.
 */
export function detectFileType(buf: Buffer): DetectedType | null {
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return { mediaType: 'application/pdf', label: 'PDF' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png', label: 'PNG' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', label: 'JPEG' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // An OOXML package names its parts in the zip directory; look for the main part.
    const names = buf.toString('latin1');
    if (!names.includes('[Content_Types].xml')) return null;
    if (names.includes('word/'))
      return { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' };
    if (names.includes('xl/')) return { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel' };
  }
  return null;
}
