import type { Response } from 'express';

/**
 * Sends bytes as a download, never shown inline: the name in RFC 5987 form (Vietnamese file
 * names survive), an ASCII fallback for old clients (the name itself when it is plain ASCII), and
 * no content sniffing.
 */
export function sendDownload(res: Response, bytes: Buffer, mediaType: string, fileName: string, asciiFallback?: string): void {
  const fallback = asciiFallback ?? (/^[\x20-\x7e]+$/.test(fileName) && !/["\\]/.test(fileName) ? fileName : 'download');
  res.setHeader('Content-Type', mediaType);
  res.setHeader('Content-Disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(bytes);
}
