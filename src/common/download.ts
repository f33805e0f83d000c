import type { Response } from 'express';

/** `attachment` or `inline`, with the name in RFC 5987 form and an ASCII fallback (the name itself when it is plain ASCII). */
function disposition(kind: 'attachment' | 'inline', fileName: string, asciiFallback?: string): string {
  const fallback = asciiFallback ?? (/^[\x20-\x7e]+$/.test(fileName) && !/["\\]/.test(fileName) ? fileName : 'download');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Sends bytes as a download, never shown inline: the name in RFC 5987 form (Vietnamese file
 * names survive), an ASCII fallback for old clients (the name itself when it is plain ASCII), and
 * no content sniffing.
 */
export function sendDownload(res: Response, bytes: Buffer, mediaType: string, fileName: string, asciiFallback?: string): void {
  res.setHeader('Content-Type', mediaType);
  res.setHeader('Content-Disposition', disposition('attachment', fileName, asciiFallback));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(bytes);
}

/**
 * Sends bytes for the browser to show in a frame of the application's own pages (a PDF beside a
 * form), named as `sendDownload` names them for when the reader saves them; no content sniffing.
 * The answer's own policy lets only this site frame it (the pages' policy frames nothing) and
 * loads nothing. Only for what the application made itself, never an uploaded file.
 */
export function sendInline(res: Response, bytes: Buffer, mediaType: string, fileName: string): void {
  res.setHeader('Content-Type', mediaType);
  res.setHeader('Content-Disposition', disposition('inline', fileName));
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'self'");
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(bytes);
}
