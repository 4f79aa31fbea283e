import { crc32, deflateSync } from 'node:zlib';

/** Characters of French typography WinAnsi has outside Latin-1 (written as their WinAnsi bytes). */
const WIN_ANSI: Record<string, string> = {
  '’': '\x92',
  '‘': '\x91',
  '“': '\x93',
  '”': '\x94',
  '—': '\x97',
  '–': '\x96',
  '…': '\x85',
  œ: '\x9c',
  Œ: '\x8c',
  '€': '\x80',
};

/**
 * A one-page PDF with a title and a few lines, written by hand (PDF 1.4, Helvetica, WinAnsi):
 * the demo ships documents that open in any viewer with no internet and no asset in the repository.
 */
export function demoPdf(title: string, lines: readonly string[]): Buffer {
  // WinAnsi covers French accents; PDF string escapes for ( ) \.
  const text = (s: string) =>
    s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[’‘“”—–…œŒ€]/g, (c) => WIN_ANSI[c] ?? '?');
  const body = [
    'BT /F1 22 Tf 56 770 Td',
    `(${text(title)}) Tj`,
    '/F1 12 Tf 0 -36 Td 16 TL',
    ...lines.map((l) => `(${text(l)}) '`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.from(type, 'ascii');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head, data])));
  return Buffer.concat([length, head, data, crc]);
}

/**
 * A logo for a demo partner: a PNG of a coloured rounded band with a lighter disc, drawn pixel by
 * pixel (no image library, no asset): enough to see a real image served from the file store.
 */
export function demoLogo(rgb: readonly [number, number, number], width = 240, height = 96): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x += 1) {
      const dx = x - height / 2;
      const dy = y - height / 2;
      const disc = dx * dx + dy * dy < (height / 3) ** 2;
      const band = y > height * 0.3 && y < height * 0.7 && x > height;
      const [r, g, b] = rgb;
      const light = disc ? 0.55 : band ? 0 : 1;
      const alpha = disc || band ? 255 : 0;
      const i = 1 + x * 4;
      row[i] = Math.round(r + (255 - r) * (light === 1 ? 0 : light));
      row[i + 1] = Math.round(g + (255 - g) * (light === 1 ? 0 : light));
      row[i + 2] = Math.round(b + (255 - b) * (light === 1 ? 0 : light));
      row[i + 3] = alpha;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
