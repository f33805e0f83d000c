import { loadPdfKit } from './lazy-modules';

/**
 * What every PDF the application prints shares: A4 with the margins of Decree 30/2020, Unicode
 * fonts embedded from npm, text cleaned before it is printed, and the bytes collected in memory.
 */

/**
 * The Unicode fonts, shipped through npm (the `dejavu-fonts-ttf` package) so that production never
 * depends on the machine's fonts: DejaVu Serif has every precomposed Vietnamese letter.
 */
const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSerif.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf',
  italic: 'dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf',
  boldItalic: 'dejavu-fonts-ttf/ttf/DejaVuSerif-BoldItalic.ttf',
} as const;
export type PdfFont = keyof typeof FONT_FILES;
const fontPath = (name: PdfFont): string => require.resolve(FONT_FILES[name]);

/** Points in `mm` millimetres. */
export const mmToPt = (mm: number): number => Math.round((mm * 72) / 25.4);

export interface PdfMargins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A4 portrait with the margins of Decree 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), in points. */
export const A4_MARGINS: PdfMargins = { top: mmToPt(20), bottom: mmToPt(20), left: mmToPt(30), right: mmToPt(15) };

/** Characters that would print as nothing or move text around: controls (but the line feed) and bidirectional marks. */
const INVISIBLE = /(?!\n)[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;

/** A string as printed: NFC, without invisible characters, Windows line ends made plain. */
export function cleanPdfText(value: string | null | undefined): string {
  return (value ?? '').normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(INVISIBLE, '').trim();
}

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  createdAt: Date;
}

/** An A4 document with the fonts registered by name ('regular', 'bold', …) and a promise of its bytes once `end()` is called. */
export async function createPdf(
  info: PdfInfo,
  margins: PdfMargins = A4_MARGINS,
): Promise<{ doc: PDFKit.PDFDocument; bytes: Promise<Buffer> }> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    bufferPages: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: cleanPdfText(info.title),
      Author: cleanPdfText(info.author),
      Subject: cleanPdfText(info.subject),
      Creator: 'Hệ thống theo dõi báo cáo kế hoạch',
      CreationDate: info.createdAt,
    },
  });
  // By name only: pdfkit keeps a font opened by name and reuses it, where one first opened by its
  // path would be read and parsed anew at every switch to it by name.
  for (const name of Object.keys(FONT_FILES) as PdfFont[]) doc.registerFont(name, fontPath(name));
  doc.font('regular');
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
