import { describe, expect, it } from 'vitest';
import { pdfLines } from '../../../../tests/support/pdf-text.ts';
import { defaultAttendanceSettings } from '@agora/shared';
import { renderCertificates, type CertificateHeader } from './certificates.ts';

const header: CertificateHeader = {
  editionName: 'Journée nationale inter-associations',
  organizerName: 'CNAEMO',
  venue: 'Paris',
  timeZone: 'Europe/Paris',
  wording: 'Nous attestons que {name} a suivi les sessions suivantes :',
  signatory: 'La présidente',
  provisional: false,
  issuedAt: Date.UTC(2024, 11, 12, 17),
};

/** The printed lines (spaces of any kind as one) of a one-page certificate of Marie Dupont (or `name`), who followed one session of this title. */
async function linesFor(title: string, name = 'Marie Dupont', organisation = 'AIRe'): Promise<string[]> {
  const pdf = await renderCertificates(header, [
    {
      name,
      organisation,
      lines: [{ title, startsAt: Date.UTC(2024, 11, 12, 10, 20), liveMinutes: 70, replayMinutes: 0 }],
    },
  ]);
  const [lines] = await pdfLines(pdf);
  return (lines ?? []).map((line) => line.replace(/\s+/g, ' '));
}

describe('the certificate of attendance', () => {
  it('prints a title typed with narrow no-break spaces without the « /» Helvetica makes of them', async () => {
    // A title pasted from a word processor's French text. pdfkit writes U+202F, absent from the
    // standard fonts' WinAnsi, as the two bytes 20 2F: « l’enfant /: … de vie /? ».
    const text = (await linesFor('Un projet pour l’enfant\u202f: un projet de parcours de vie\u202f?')).join(
      ' ',
    );
    expect(text).not.toMatch(/\/[:?]/);
    expect(text).toContain('Un projet pour l’enfant : un projet de parcours');
    expect(text).toContain('de vie ?');
  });

  it('prints names and titles with letters beyond Western European ones as they are typed', async () => {
    // Registrants named Ștefan Rădulescu or Łucja Wałęsa, from Brașov: the standard Helvetica's
    // WinAnsi has none of ș ț ł ę, and pdfkit printed « !‡FV`an » for « Ștefan ».
    const text = (
      await linesFor(
        'Atelier « Coopérer avec Žilina et Kraków »',
        'Ștefan Rădulescu-Wałęsa',
        'Mairie de Brașov',
      )
    ).join(' ');
    expect(text).toContain('Nous attestons que Ștefan Rădulescu-Wałęsa a suivi');
    expect(text).toContain('Organisme : Mairie de Brașov');
    expect(text).toContain('Atelier « Coopérer avec Žilina et Kraków »');
  });

  it('speaks of « séances » and names the time zone in French, not by its identifier', async () => {
    const text = (await linesFor('Séance plénière d’ouverture')).join(' ');
    expect(text).toContain('Séance Date En direct En replay');
    expect(text).toContain('Fait le 12/12/2024 à 18:00 (heure d’Europe centrale).');
    expect(text).not.toContain('Europe/Paris');
  });

  it('gives the edition its article in the default wording', () => {
    expect(defaultAttendanceSettings.wording).toContain(
      'aux séances suivantes de l’édition «\u00a0{edition}\u00a0»',
    );
  });
});
