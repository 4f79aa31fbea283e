import { Readable } from 'node:stream';
import { PartnerInput } from '@agora/shared';
import type { DocumentsService } from '../documents.service.ts';
import type { PartnersService } from '../partners.service.ts';
import { demoLogo, demoPdf } from './demo-files.ts';

const PARTNERS: { input: PartnerInput; colour: [number, number, number]; document: string }[] = [
  {
    input: PartnerInput.parse({
      name: 'Fondation Horizon Enfance',
      description: 'Soutient les projets qui font coopérer l’école, le soin et la protection de l’enfance.',
      website: 'https://horizon-enfance.example.org',
      tier: 'Partenaire principal',
      stand: 'A1 — hall d’accueil',
      order: 1,
    }),
    colour: [31, 94, 168],
    document: 'Appel à projets 2025',
  },
  {
    input: PartnerInput.parse({
      name: 'Coopérative Lien Social',
      description: 'Formations et outils pour les équipes éducatives : analyse de pratiques, supervision.',
      website: 'https://lien-social.example.org',
      tier: 'Partenaire',
      stand: 'B2 — salle Ségur',
      order: 2,
    }),
    colour: [199, 84, 40],
    document: 'Catalogue des formations',
  },
  {
    input: PartnerInput.parse({
      name: 'Mutuelle des Solidarités',
      description: 'Protection sociale des professionnels du secteur social et médico-social.',
      tier: 'Exposant',
      stand: 'C3 — galerie',
      order: 3,
    }),
    colour: [46, 139, 87],
    document: 'Guide de la prévoyance',
  },
];

const part = (filename: string, bytes: Buffer) => ({ filename, file: Readable.from([bytes]) });

/**
 * The demo edition's village and documents, made through the same services (and upload checks)
 * as the console: three partners with logos and stands, a PDF for a workshop, one for a speaker
 * of the first plenary, and one per partner. Works with no internet.
 */
export async function loadDemoContent(
  services: { documents: DocumentsService; partners: PartnersService },
  demo: { slug: string; workshopSessionId: string; plenarySessionId: string; speaker: string | null },
): Promise<void> {
  const partnerIds: string[] = [];
  for (const p of PARTNERS) {
    const created = await services.partners.create(demo.slug, p.input);
    await services.partners.setLogo(demo.slug, created.id, part('logo.png', demoLogo(p.colour)));
    partnerIds.push(created.id);
  }
  const upload = async (
    fields: Parameters<DocumentsService['uploadTarget']>[1],
    name: string,
    pdf: Buffer,
  ) => {
    const target = await services.documents.uploadTarget(demo.slug, fields);
    const result = await services.documents.upload(target, part(name, pdf));
    if (!result.ok) throw new Error(`demo document ${name}: ${result.error.message}`);
  };
  const base = { language: 'fr', description: '' };
  await upload(
    {
      ...base,
      sessionIds: [demo.workshopSessionId],
      description: 'Les fiches issues des échanges de l’atelier.',
    },
    'Synthèse de l’atelier 1.pdf',
    demoPdf('Synthèse de l’atelier 1', [
      'Coopérer sur les territoires : retours d’expérience.',
      '1. Partir du projet de l’enfant, pas des dispositifs.',
      '2. Nommer un référent de parcours connu de tous.',
      '3. Se former ensemble : école, soin, protection.',
    ]),
  );
  await upload(
    { ...base, sessionIds: [demo.plenarySessionId], speakers: demo.speaker ? [demo.speaker] : [] },
    'Diaporama de l’intervention.pdf',
    demoPdf('Diaporama de l’intervention', [
      `Intervention de ${demo.speaker ?? 'l’intervenant'}.`,
      'Chiffres clés et repères.',
    ]),
  );
  for (const [i, p] of PARTNERS.entries()) {
    await upload(
      { ...base, partnerIds: [partnerIds[i] ?? ''] },
      `${p.document}.pdf`,
      demoPdf(p.document, [p.input.name, p.input.description]),
    );
  }
}
