import { readFileSync } from 'node:fs';

/**
 * The certificate's fonts: Liberation Sans (SIL Open Font License 1.1, `LICENSE_LIBERATION`; the
 * files pdf.js ships), metric-compatible with Helvetica. The 14 standard fonts only know WinAnsi, so
 * a name such as « Ștefan Wałęsa » or a town such as « Brașov » came out as « !‡FV`an … »; these
 * cover Latin Extended-A and B (ș ț ł ę ő ğ č…), not Vietnamese's precomposed letters (ễ).
 * Read on the first certificate, like pdfkit itself (app.ts), and kept.
 */
let fonts: { regular: Buffer; bold: Buffer } | undefined;

export function certificateFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(new URL('./LiberationSans-Regular.ttf', import.meta.url)),
    bold: readFileSync(new URL('./LiberationSans-Bold.ttf', import.meta.url)),
  };
  return fonts;
}
