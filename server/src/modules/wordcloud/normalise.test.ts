import { describe, expect, it } from 'vitest';
import { BlockedWords } from './blocked-words.ts';
import { normaliseWord } from './normalise.ts';

const key = (raw: string, foldAccents?: boolean) =>
  normaliseWord(raw, foldAccents === undefined ? {} : { foldAccents })?.key ?? null;

describe('word normalisation', () => {
  it.each([
    // case, spaces, punctuation, quotes
    ['  Confiance  ', 'confiance'],
    ['CONFIANCE !', 'confiance'],
    ['« confiance »', 'confiance'],
    ['"Confiance".', 'confiance'],
    ['…confiance…', 'confiance'],
    ['(confiance)', 'confiance'],
    ['travail   en\téquipe', 'travail en equipe'],
    // accents folded in the key, œ ligature
    ['Sécurité', 'securite'],
    ['securite', 'securite'],
    ['cœur', 'coeur'],
    ['ÉCOUTE', 'ecoute'],
    // elision at the start, with either apostrophe
    ["l'écoute", 'ecoute'],
    ['l’écoute', 'ecoute'],
    ['L’Écoute', 'ecoute'],
    ["d'abord", 'abord'],
    ['qu’importe', 'importe'],
    ["jusqu'au bout", 'au bout'],
    ['lorsqu’on partage', 'on partage'],
    ['puisqu’ensemble', 'ensemble'],
    ["s'entraider", 'entraider'],
    ["c'est simple", 'est simple'],
    ['aujourd’hui', "aujourd'hui"],
    // plurals where safe
    ['coopérations', 'cooperation'],
    ['coopération', 'cooperation'],
    ['réseaux', 'reseau'],
    ['partenaires', 'partenaire'],
    ['droits des enfants', 'droit des enfant'],
    ['co-constructions', 'co-construction'],
    // …and not where unsafe
    ['bus', 'bus'],
    ['temps', 'temps'],
    ['fois', 'fois'],
    ['pays', 'pays'],
    ['prix', 'prix'],
    ['progrès', 'progres'],
    ['process', 'process'],
    ['gaz', 'gaz'],
    ['lois', 'lois'],
    // English
    ['Trusts', 'trust'],
    ['trust', 'trust'],
    ['Teamwork!', 'teamwork'],
    ['partnerships', 'partnership'],
    ['is', 'is'],
    ['this', 'this'],
    ['news', 'news'],
    ['"Open minds"', 'open mind'],
    ['ＣＯＯＰ', 'coop'],
  ])('%s → %s', (raw, expected) => {
    expect(key(raw)).toBe(expected);
  });

  it('keeps accents in the key when folding is off', () => {
    expect(key('Sécurité', false)).toBe('sécurité');
    expect(key('securite', false)).toBe('securite');
    expect(key('coopérations', false)).toBe('coopération');
  });

  it('groups the spellings people actually type', () => {
    const spellings = ['Coopération', 'coopérations', 'cooperation', ' COOPÉRATION ! ', '« coopération »'];
    expect(new Set(spellings.map((s) => key(s)))).toEqual(new Set(['cooperation']));
  });

  it('keeps the display as typed, cleaned up', () => {
    expect(normaliseWord('  « L’écoute »  ')).toEqual({ key: 'ecoute', display: 'L’écoute' });
    expect(normaliseWord('travail   en  équipe !')?.display).toBe('travail en équipe');
  });

  it('returns null when nothing meaningful is left', () => {
    expect(normaliseWord('')).toBeNull();
    expect(normaliseWord('   ')).toBeNull();
    expect(normaliseWord('« … » !?')).toBeNull();
    expect(normaliseWord("l'")).toEqual({ key: 'l', display: 'l' });
  });

  it('is idempotent on its own key', () => {
    for (const word of ['coopérations', 'L’écoute', 'droits des enfants', 'Trusts']) {
      const once = key(word);
      expect(once && key(once)).toBe(once);
    }
  });
});

describe('blocked words', () => {
  const blocked = new BlockedWords(['zut', 'Gros Mot']);

  it('blocks the default French and English words in any spelling', () => {
    expect(blocked.blocks(key('Connard !') ?? '')).toBe(true);
    expect(blocked.blocks(key('MERDE') ?? '')).toBe(true);
    expect(blocked.blocks(key('enculés') ?? '')).toBe(true);
    expect(blocked.blocks(key('Bullshit') ?? '')).toBe(true);
  });

  it('blocks a phrase holding a blocked word, and the extra words of the organiser', () => {
    expect(blocked.blocks(key('espèce de connard') ?? '')).toBe(true);
    expect(blocked.blocks(key('Zut') ?? '')).toBe(true);
    expect(blocked.blocks(key('Gros  mot !') ?? '')).toBe(true);
  });

  it('lets ordinary words through', () => {
    for (const word of ['confiance', 'coopération', 'concertation', 'trust', 'assessment', 'constance']) {
      expect(blocked.blocks(key(word) ?? '')).toBe(false);
    }
  });

  it('parses the comma-separated environment list', () => {
    expect(BlockedWords.parseList(' zut, ,flûte ,')).toEqual(['zut', 'flûte']);
    expect(BlockedWords.parseList(undefined)).toEqual([]);
  });
});
