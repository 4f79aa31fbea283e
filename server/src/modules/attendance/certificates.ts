import { frenchSpacing, wallClock } from '@agora/shared';
import { certificateFonts } from './fonts/certificate-fonts.ts';

/** The names the fonts are registered under in each document. */
const REGULAR = 'Sans';
const BOLD = 'Sans-Bold';

/** One session on a certificate. */
export interface CertificateLine {
  title: string;
  startsAt: number;
  liveMinutes: number;
  replayMinutes: number;
}

/** One person's certificate (a page). */
export interface CertificatePage {
  name: string;
  organisation: string;
  lines: CertificateLine[];
}

/** What every page of an edition shares. */
export interface CertificateHeader {
  editionName: string;
  organizerName: string;
  venue: string;
  timeZone: string;
  wording: string;
  signatory: string;
  provisional: boolean;
  /** When the file is made (printed at the bottom, edition time zone). */
  issuedAt: number;
}

/** `2026-06-24` → `24/06/2026`, the French way. */
/** The time zone as French says it (« heure d’Europe centrale »), not its identifier (« Europe/Paris »). */
function zoneName(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fr', { timeZone, timeZoneName: 'longGeneric' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? `heure de ${timeZone}`;
}

function frenchDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** Minutes as `1 h 05` or `45 min`. */
export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * French spacing for the page (the certificate is French only): « ? » kept on its word's line. With
 * U+00A0 only: the fonts have no U+202F (the standard Helvetica's WinAnsi neither, which printed
 * « coopération /? »).
 */
function spaced(text: string): string {
  return frenchSpacing(text, { addMissing: true, noNarrow: true });
}

function page(doc: PDFKit.PDFDocument, header: CertificateHeader, person: CertificatePage): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  if (header.organizerName) doc.font(REGULAR).fontSize(11).fillColor('#444').text(header.organizerName);
  doc.moveDown(2).font(BOLD).fontSize(22).fillColor('#000');
  doc.text('Attestation de présence', { align: 'center' });
  if (header.provisional) {
    doc.moveDown(0.3).font(BOLD).fontSize(12).fillColor('#b00020');
    doc.text('PROVISOIRE\u00a0: l’événement n’est pas terminé', { align: 'center' });
  }
  doc.moveDown(0.5).font(REGULAR).fontSize(13).fillColor('#000');
  doc.text(spaced(header.editionName + (header.venue ? ` (${header.venue})` : '')), { align: 'center' });
  const wording = header.wording
    .replaceAll('{name}', person.name)
    .replaceAll('{edition}', header.editionName);
  doc.moveDown(2).fontSize(11).text(spaced(wording), { width });
  if (person.organisation)
    doc.moveDown(0.3).fillColor('#444').text(`Organisme\u00a0: ${person.organisation}`);
  doc.moveDown(1).fillColor('#000');

  const columns = [
    { label: 'Séance', width: width * 0.46 },
    { label: 'Date', width: width * 0.2 },
    { label: 'En direct', width: width * 0.17 },
    { label: 'En replay', width: width * 0.17 },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    let x = doc.page.margins.left;
    let bottom = y;
    doc.font(bold ? BOLD : REGULAR).fontSize(10);
    cells.forEach((cell, i) => {
      const w = columns[i]?.width ?? 0;
      doc.text(cell, x, y, { width: w - 6 });
      bottom = Math.max(bottom, doc.y);
      x += w;
    });
    doc.x = doc.page.margins.left;
    doc.y = bottom + 4;
  };
  row(
    columns.map((c) => c.label),
    true,
  );
  let live = 0;
  let replay = 0;
  for (const line of person.lines) {
    const at = wallClock(line.startsAt, header.timeZone);
    row([
      spaced(line.title),
      `${frenchDate(at.date)} ${at.time}`,
      line.liveMinutes > 0 ? duration(line.liveMinutes) : '-',
      line.replayMinutes > 0 ? duration(line.replayMinutes) : '-',
    ]);
    live += line.liveMinutes;
    replay += line.replayMinutes;
  }
  if (person.lines.length === 0) row(['Aucune séance suivie à ce jour.', '', '', '']);
  row(['Total', '', duration(live), duration(replay)], true);

  const issued = wallClock(header.issuedAt, header.timeZone);
  doc.moveDown(2).font(REGULAR).fontSize(10);
  doc.text(
    `Fait le ${frenchDate(issued.date)} à ${issued.time} (${zoneName(header.issuedAt, header.timeZone)}).`,
  );
  if (header.signatory) doc.moveDown(1).text(spaced(header.signatory));
}

/**
 * The certificates as one PDF, one page each (pdfkit, Liberation Sans embedded and subset: see
 * `certificateFonts`). A bulk issue is one file to print, or to split by page, rather than a zip
 * of thousands of files that the organizer would have to open one by one.
 */
export async function renderCertificates(
  header: CertificateHeader,
  people: CertificatePage[],
): Promise<Buffer> {
  // Loaded on the first issue, not at every start of a node (~250 ms of CPU): see app.ts.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    autoFirstPage: false,
    info: { Title: `Attestation de présence - ${header.editionName}`, Author: header.organizerName },
  });
  const fonts = certificateFonts();
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const person of people) {
    doc.addPage();
    page(doc, header, person);
  }
  if (people.length === 0)
    doc
      .addPage()
      .font(REGULAR)
      .fontSize(12)
      .text('Aucune attestation\u00a0: personne n’a encore suivi de session.');
  doc.end();
  return done;
}
