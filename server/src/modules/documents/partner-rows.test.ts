import { describe, expect, it } from 'vitest';
import { readPartners } from './partner-rows.ts';

describe('a partners file', () => {
  it('reads French headers, `;`, a BOM and quoted fields', () => {
    const csv =
      '\uFEFFNom;Description;Site web;Catégorie;Stand;Ordre\r\n' +
      'Fondation Horizon;"Soutient l\'accès; partout";https://horizon.example.org;Principal;A1;1\r\n' +
      'Coop Lumière;;;Exposant;B4;\r\n';
    const { rows, errors, read } = readPartners(csv);
    expect(errors).toEqual([]);
    expect(read).toBe(2);
    expect(rows.map((r) => r.input)).toEqual([
      {
        name: 'Fondation Horizon',
        description: "Soutient l'accès; partout",
        website: 'https://horizon.example.org',
        tier: 'Principal',
        stand: 'A1',
        order: 1,
      },
      { name: 'Coop Lumière', description: '', website: null, tier: 'Exposant', stand: 'B4', order: 0 },
    ]);
  });

  it('reports each bad row with its line and a stable code, and keeps the good ones', () => {
    const csv =
      'name,website,order\nA,ftp://x.example.org,1\n,https://b.example.org,2\nC,,deux\nD,,3\nd,,4\n';
    const { rows, errors } = readPartners(csv);
    expect(rows.map((r) => r.input.name)).toEqual(['D']);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'INVALID_URL'],
      [3, 'MISSING_FIELD'],
      [4, 'INVALID_NUMBER'],
      [6, 'DUPLICATE_IN_FILE'],
    ]);
  });

  it('refuses a file without a name column whole', () => {
    expect(() => readPartners('site;stand\nhttps://x.example.org;A1\n')).toThrow(/missing column/);
  });
});
