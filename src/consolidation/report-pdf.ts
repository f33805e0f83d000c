import { A4_MARGINS, cleanPdfText as clean, createPdf, mmToPt, PdfFont, PdfMargins } from '../common/pdf';
import { formatViDateTime } from '../common/time-zone';
import type { ConsolidationView } from './consolidations.service';
import {
  AppendixTable,
  appendixHeading,
  appendixList,
  attachedTo,
  BodyBlock,
  documentTitle,
  Letterhead,
  letterhead,
  reportBody,
  salutation,
  titleLines,
} from './report-content';

/**
 * The consolidated report as a PDF, to read beside the narrative editor: the words of the DOCX
 * (report-content.ts) laid out as the DOCX is, A4 portrait with the margins of Decree 30 for the
 * report (the header with the issuing body and the motto, number and place and date on one line,
 * the title, "Kính gửi", parts I–V justified with a 1 cm first-line indent, "Nơi nhận" and the
 * signer), then each appendix on A4 landscape pages, its table's header repeated on every page.
 * DejaVu Serif stands in for Times New Roman (it is wider, so sizes are a point or two smaller).
 * Page numbers sit in the top margin from page 2; every page's foot says it is a preview.
 */

const BODY_SIZE = 12;
const HEADER_SIZE = 11;
const TABLE_SIZE = 9;
const FOOT_SIZE = 8;
const FIRST_LINE_INDENT = mmToPt(10);
const LANDSCAPE_MARGINS: PdfMargins = { top: mmToPt(20), bottom: mmToPt(20), left: mmToPt(20), right: mmToPt(20) };
const CELL_PADDING = 3;
const ISSUER_SHARE = 0.36;

interface TextStyle {
  font?: PdfFont;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  indent?: number;
  underline?: boolean;
  /** Points below the text. */
  gap?: number;
}

/** Writes on the current page in pdfkit's flow: every call moves the cursor down. */
class ConsolidationWriter {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
  }

  /** A new portrait page (the report's) when less than `height` points are left, so that a heading never ends a page. */
  keep(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage({ size: 'A4', margins: A4_MARGINS });
  }

  /** `text` in a column (`x`, `width`; the page's text column by default). */
  text(value: string, style: TextStyle = {}, x = this.left, width = this.width): void {
    const text = clean(value);
    if (!text) return;
    this.doc
      .font(style.font ?? 'regular')
      .fontSize(style.size ?? BODY_SIZE)
      .text(text, x, this.doc.y, {
        width,
        align: style.align ?? 'left',
        indent: style.indent ?? 0,
        underline: style.underline,
        lineGap: 1.5,
      });
    this.doc.y += style.gap ?? 0;
  }

  /** The largest size up to `size` at which `text` fits on one line of `width`. */
  fitted(text: string, font: PdfFont, size: number, width: number): number {
    let fit = size;
    while (fit > 7 && this.doc.font(font).fontSize(fit).widthOfString(clean(text)) > width) fit -= 0.5;
    return fit;
  }

  /** A short centred line under a title, as Decree 30 draws under the issuer and the title. */
  rule(x: number, width: number, length: number): void {
    const start = x + (width - length) / 2;
    const y = this.doc.y + 1;
    this.doc
      .moveTo(start, y)
      .lineTo(start + length, y)
      .lineWidth(0.6)
      .stroke();
    this.doc.y = y + 6;
  }

  /** Lines stacked in a column from `top`; answers where the column ends. */
  column(top: number, write: () => void): number {
    this.doc.y = top;
    write();
    return this.doc.y;
  }
}

/** Two rows: the parent and the issuing body beside the motto; then the number beside the place and date. */
function writeHeader(w: ConsolidationWriter, h: Letterhead): void {
  const leftWidth = w.width * ISSUER_SHARE;
  const rightX = w.left + leftWidth;
  const rightWidth = w.width - leftWidth;
  const top = w.y;
  const leftEnd = w.column(top, () => {
    if (h.parent) w.text(h.parent, { size: HEADER_SIZE, align: 'center' }, w.left, leftWidth);
    w.text(h.issuer, { font: 'bold', size: HEADER_SIZE, align: 'center' }, w.left, leftWidth);
    w.rule(w.left, leftWidth, Math.min(leftWidth / 2, 60));
  });
  const rightEnd = w.column(top, () => {
    const mottoSize = w.fitted(h.motto, 'bold', HEADER_SIZE, rightWidth);
    w.text(h.motto, { font: 'bold', size: mottoSize, align: 'center', underline: !h.mottoUnderline }, rightX, rightWidth);
    if (h.mottoUnderline)
      w.text(h.mottoUnderline, { font: 'bold', size: HEADER_SIZE + 1, align: 'center', underline: true }, rightX, rightWidth);
  });
  const second = Math.max(leftEnd, rightEnd) + 4;
  const numberEnd = w.column(second, () => w.text(h.number, { size: HEADER_SIZE, align: 'center' }, w.left, leftWidth));
  const dateEnd = w.column(second, () =>
    w.text(
      h.placeDate,
      { font: 'italic', size: w.fitted(h.placeDate, 'italic', BODY_SIZE, rightWidth), align: 'center' },
      rightX,
      rightWidth,
    ),
  );
  w.y = Math.max(numberEnd, dateEnd);
}

function writeTitle(w: ConsolidationWriter, c: ConsolidationView, h: Letterhead): void {
  w.y += 18;
  titleLines(c).forEach((line, i) => w.text(line, { font: 'bold', size: i === 0 ? BODY_SIZE + 2 : BODY_SIZE + 1, align: 'center' }));
  w.rule(w.left, w.width, 70);
  w.text(salutation(h), { align: 'center', gap: 10 });
}

function writeBody(w: ConsolidationWriter, doc: PDFKit.PDFDocument, blocks: BodyBlock[]): void {
  for (const b of blocks) {
    if (b.kind === 'heading') {
      w.keep(60);
      w.y += 4;
      doc.outline.addItem(clean(b.text));
      w.text(b.text, { font: 'bold', indent: FIRST_LINE_INDENT, gap: 4 });
    } else {
      w.keep(20);
      w.text(b.text, { align: 'justify', indent: FIRST_LINE_INDENT, gap: 4 });
    }
  }
}

/** "Nơi nhận" on the left; on the right the signer's titles, room for the signature and seal, and the name. */
function writeSignature(w: ConsolidationWriter, h: Letterhead): void {
  const half = w.width / 2;
  const rightX = w.left + half;
  w.keep(40 + Math.max(h.copies.length * 14, (h.signerTitles.length + 1) * 17 + 60));
  const top = w.y + 14;
  const copiesEnd = w.column(top, () => {
    w.text('Nơi nhận:', { font: 'boldItalic', size: HEADER_SIZE });
    h.copies.forEach((line) => w.text(line, { size: HEADER_SIZE - 1 }, w.left, half));
  });
  const signerEnd = w.column(top, () => {
    h.signerTitles.forEach((t) => w.text(t, { font: 'bold', align: 'center' }, rightX, half));
    // Room for the signature and the seal (Decree 30: the name below them).
    w.y += 60;
    if (h.signerName) w.text(h.signerName, { font: 'bold', align: 'center' }, rightX, half);
  });
  w.y = Math.max(copiesEnd, signerEnd);
}

/** A table over as many landscape pages as it takes, its header row on each. */
function writeTable(w: ConsolidationWriter, doc: PDFKit.PDFDocument, table: AppendixTable): void {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((share) => (w.width * share) / total);
  // A row is never taller than a page: what does not fit is cut with an ellipsis.
  const tallest = w.bottom - doc.page.margins.top - 60;
  const heightOf = (cells: string[], font: PdfFont) => {
    doc.font(font).fontSize(TABLE_SIZE);
    const text = Math.max(...cells.map((cell, i) => doc.heightOfString(clean(cell), { width: widths[i] - 2 * CELL_PADDING, lineGap: 1 })));
    return Math.min(text + 2 * CELL_PADDING, tallest);
  };
  const row = (cells: string[], font: PdfFont, height: number) => {
    const header = font === 'bold';
    const top = w.y;
    let x = w.left;
    if (header) doc.rect(w.left, top, w.width, height).fill('#eeeeee').fillColor('black');
    doc.font(font).fontSize(TABLE_SIZE);
    cells.forEach((cell, i) => {
      doc.text(clean(cell), x + CELL_PADDING, top + CELL_PADDING, {
        width: widths[i] - 2 * CELL_PADDING,
        height: height - 2 * CELL_PADDING,
        ellipsis: true,
        lineGap: 1,
        align: header ? 'center' : table.numeric.includes(i) ? 'right' : 'left',
      });
      doc.rect(x, top, widths[i], height).lineWidth(0.5).stroke();
      x += widths[i];
    });
    w.y = top + height;
  };
  const headerHeight = heightOf(table.headers, 'bold');
  row(table.headers, 'bold', headerHeight);
  for (const cells of table.rows) {
    const height = heightOf(cells, 'regular');
    if (w.y + height > w.bottom) {
      doc.addPage({ size: 'A4', layout: 'landscape', margins: LANDSCAPE_MARGINS });
      row(table.headers, 'bold', headerHeight);
    }
    row(cells, 'regular', height);
  }
}

/** Page numbers centred in the top margin from page 2; on every page's foot, that this is a preview. */
function writeMargins(doc: PDFKit.PDFDocument, foot: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { margins, width, height } = doc.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing inside the margin must not open a new page
    const textWidth = width - margins.left - margins.right;
    if (i > range.start) {
      doc
        .font('regular')
        .fontSize(HEADER_SIZE)
        .text(String(i - range.start + 1), margins.left, mmToPt(10), { width: textWidth, align: 'center', lineBreak: false });
    }
    doc
      .font('italic')
      .fontSize(FOOT_SIZE)
      .text(foot, margins.left, height - bottom + 14, { width: textWidth, align: 'center', lineBreak: false });
    margins.bottom = bottom;
  }
}

/** The consolidated report `c` as a PDF; `today` dates a report not yet sent, `generatedAt` is when the preview was made. */
export async function renderConsolidationPdf(c: ConsolidationView, today: string, generatedAt: Date): Promise<Buffer> {
  const h = letterhead(c, today);
  const list = appendixList(c.figures);
  const { doc, bytes } = await createPdf({
    title: documentTitle(c),
    author: c.identity.issuerName,
    subject: c.figures.plan.title,
    createdAt: generatedAt,
  });
  const w = new ConsolidationWriter(doc);

  writeHeader(w, h);
  writeTitle(w, c, h);
  writeBody(w, doc, reportBody(c, list));
  writeSignature(w, h);

  const attached = attachedTo(c, h, today);
  for (const a of list) {
    doc.addPage({ size: 'A4', layout: 'landscape', margins: LANDSCAPE_MARGINS });
    const heading = appendixHeading(a);
    doc.outline.addItem(`${heading}. ${clean(a.title)}`);
    w.text(heading, { font: 'bold', align: 'center' });
    w.text(a.title, { font: 'bold', align: 'center' });
    w.text(attached, { font: 'italic', size: HEADER_SIZE, align: 'center', gap: 8 });
    writeTable(w, doc, a.table());
  }

  writeMargins(
    doc,
    `Bản xem trước báo cáo tổng hợp phiên bản ${c.version}, tạo lúc ${formatViDateTime(generatedAt)}; văn bản chính thức là tệp DOCX.`,
  );
  doc.end();
  return bytes;
}
