/**
 * Libraries that only some work needs, loaded on first use rather than when the process starts:
 * a process that never reads or writes a spreadsheet does not hold exceljs (≈ 25 MB resident),
 * and one that finds its holidays seeded does not hold date-holidays and its astronomy tables
 * (≈ 20 MB), nor one that prints no PDF pdfkit. Node caches a module once loaded, so later calls cost a lookup.
 */
export async function loadExcelJs(): Promise<typeof import('exceljs')> {
  return import('exceljs');
}

/** pdfkit with fontkit (≈ 8 MB): the PDF copies and previews. */
export async function loadPdfKit(): Promise<typeof import('pdfkit')> {
  return (await import('pdfkit')).default;
}

export async function loadDateHolidays(): Promise<typeof import('date-holidays').default> {
  return (await import('date-holidays')).default;
}
