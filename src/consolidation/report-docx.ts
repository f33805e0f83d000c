import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ConsolidationView } from './consolidations.service';
import {
  AppendixEntry,
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
 * The consolidated report as a DOCX "BÁO CÁO" in the format of Decree 30/2020/NĐ-CP, Appendix I:
 * A4 portrait, margins 20/20/30/15 mm, Times New Roman; the header table with the issuing body and
 * the national motto; number and symbol; place and date; title and summary line; "Kính gửi";
 * body 14 pt justified with a 1 cm first-line indent; "Nơi nhận" and the signature block; page
 * numbers centred in the top margin from page 2; the tables as appendices.
 */

const mm = (v: number) => Math.round((v * 1440) / 25.4);
const pt = (v: number) => v * 2; // docx sizes are half-points
const FONT = 'Times New Roman';
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    bold: o.bold,
    italics: o.italics,
    size: pt(o.size ?? 14),
    underline: o.underline ? {} : undefined,
  });
}

function centered(text: string, o: Parameters<typeof run>[1] = {}, after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, o)] });
}

/** A body paragraph: justified, first line indented 1 cm, 6 pt after. */
function paragraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(10) },
    spacing: { after: pt(3) * 20, line: 288, lineRule: LineRuleType.AUTO },
    children: [run(text)],
  });
}

/** A part's heading: bold, indented as the paragraphs are. */
function heading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(10) },
    spacing: { before: 120, after: 120 },
    children: [run(text, { bold: true })],
  });
}

const block = (b: BodyBlock): Paragraph => (b.kind === 'heading' ? heading(b.text) : paragraph(b.text));

function cell(
  text: string,
  o: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {},
): TableCell {
  return new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    children: [new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, children: [run(text, { bold: o.bold, size: o.size ?? 12 })] })],
  });
}

function table({ headers, rows, widths, numeric }: AppendixTable): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.AUTOFIT,
    rows: [
      new TableRow({
        tableHeader: true,
        children: headers.map((h, i) => cell(h, { bold: true, width: widths[i], align: AlignmentType.CENTER })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            children: r.map((v, i) => cell(v, { width: widths[i], align: numeric.includes(i) ? AlignmentType.RIGHT : AlignmentType.LEFT })),
          }),
      ),
    ],
  });
}

export async function renderConsolidationDocx(c: ConsolidationView, today: string): Promise<Buffer> {
  const f = c.figures;
  const h = letterhead(c, today);
  const list = appendixList(f);
  const doc = new Document({
    creator: f.plan.coordinatingAgency,
    title: documentTitle(c),
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(20), header: mm(10) },
          },
        },
        headers: pageNumberHeaders(),
        children: [
          headerTable(h),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          ...titleLines(c).map((line) => centered(line, { bold: true })),
          centered('________', {}, 200),
          centered(salutation(h), {}, 200),
          ...reportBody(c, list).map(block),
          new Paragraph({ spacing: { before: 240 }, children: [] }),
          signatureTable(h),
        ],
      },
      // The appendices in a section of their own, A4 landscape: a section starts on a new page, so
      // no page break (and no blank page) sits between the signature and the first appendix.
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297), orientation: PageOrientation.LANDSCAPE },
            margin: { top: mm(20), bottom: mm(20), left: mm(20), right: mm(20), header: mm(10) },
          },
        },
        headers: { default: pageNumberHeaders().default },
        children: appendixPages(list, attachedTo(c, h, today)),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** No number on the first page; from page 2 the page number centred in the top margin. */
function pageNumberHeaders(): { first: Header; default: Header } {
  return {
    first: new Header({ children: [new Paragraph({ children: [] })] }),
    default: new Header({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(14) })],
        }),
      ],
    }),
  };
}

const ISSUER_CELL = 36;
const MOTTO_CELL = 64;

/**
 * Two rows: the parent and the issuing body beside the motto; then the number beside the place
 * and date, so both sit on one line as Decree 30 lays them out.
 */
function headerTable(h: Letterhead): Table {
  const cellOf = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cellOf(ISSUER_CELL, [
            ...(h.parent ? [centered(h.parent, { size: 13 })] : []),
            centered(h.issuer, { bold: true, size: 13 }),
            centered('________', { size: 13 }, 120),
          ]),
          // Wide enough for "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line at 12 pt (Decree 30: 12–13 pt).
          cellOf(MOTTO_CELL, [
            centered(h.motto, { bold: true, size: 12, underline: !h.mottoUnderline }),
            ...(h.mottoUnderline ? [centered(h.mottoUnderline, { bold: true, size: 14, underline: true }, 120)] : []),
          ]),
        ],
      }),
      new TableRow({
        children: [
          cellOf(ISSUER_CELL, [centered(h.number, { size: 13 })]),
          cellOf(MOTTO_CELL, [centered(h.placeDate, { italics: true, size: 14 })]),
        ],
      }),
    ],
  });
}

/** "Nơi nhận" on the left; on the right the signer's titles, room for the signature and seal, and the name. */
function signatureTable(h: Letterhead): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }),
              ...h.copies.map((l) => new Paragraph({ children: [run(l, { size: 11 })] })),
            ],
          }),
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders: NO_BORDERS,
            children: [
              ...h.signerTitles.map((t) => centered(t, { bold: true })),
              // Room for the signature and the seal (Decree 30: the name below them).
              ...[0, 1, 2, 3].map(() => new Paragraph({ children: [] })),
              ...(h.signerName ? [centered(h.signerName, { bold: true })] : []),
            ],
          }),
        ],
      }),
    ],
  });
}

/** Each appendix on a page of its own: "PHỤ LỤC I", its title, the "Kèm theo" line and its table. */
function appendixPages(list: AppendixEntry[], attached: string): (Paragraph | Table)[] {
  return list.flatMap((a, i) => [
    ...(i > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
    centered(appendixHeading(a), { bold: true }),
    centered(a.title, { bold: true }),
    centered(attached, { italics: true, size: 13 }, 160),
    table(a.table()),
  ]);
}
