import { normaliseWord } from './normalise.ts';

/**
 * Default blocked words: common French and English insults and obscenities. A word group whose key
 * is, or contains a word that is, on the list is held back (not shown to the audience or the
 * projector) until a moderator releases it. Deliberately short: moderators hide the rest by hand,
 * and an organiser extends it with `WORDCLOUD_BLOCKLIST`.
 */
export const DEFAULT_BLOCKED_FR = [
  'connard',
  'connasse',
  'con',
  'conne',
  'couillon',
  'connerie',
  'conneries',
  'merde',
  'merdique',
  'emmerdeur',
  'putain',
  'pute',
  'salope',
  'salaud',
  'enculé',
  'enculer',
  'enfoiré',
  'bâtard',
  'batard',
  'bordel',
  'chier',
  'chiant',
  'foutre',
  'nique',
  'niquer',
  'ntm',
  'fdp',
  'pd',
  'pédé',
  'tapette',
  'gouine',
  'bouffon',
  'abruti',
  'crétin',
  'débile',
  'idiot',
  'imbécile',
  'minable',
  'ordure',
  'pourri',
  'couilles',
  'bite',
  'chatte',
  'negro',
  'bougnoule',
];

export const DEFAULT_BLOCKED_EN = [
  'fuck',
  'fucking',
  'fucker',
  'motherfucker',
  'shit',
  'bullshit',
  'crap',
  'asshole',
  'arsehole',
  'ass',
  'bastard',
  'bitch',
  'cunt',
  'dick',
  'dickhead',
  'cock',
  'prick',
  'pussy',
  'slut',
  'whore',
  'wanker',
  'twat',
  'douchebag',
  'moron',
  'retard',
  'idiot',
  'stupid',
  'faggot',
  'fag',
  'nigger',
  'nigga',
  'damn',
  'wtf',
  'stfu',
];

/** Blocked-word matcher: built once from the default lists and the organiser's extra words. */
export class BlockedWords {
  private readonly keys: Set<string>;

  constructor(extra: readonly string[] = []) {
    this.keys = new Set(
      [...DEFAULT_BLOCKED_FR, ...DEFAULT_BLOCKED_EN, ...extra]
        .map((word) => normaliseWord(word)?.key)
        .filter((key): key is string => key !== undefined),
    );
  }

  /** True when the normalised key is blocked or holds a blocked word (« espèce de connard »). */
  blocks(key: string): boolean {
    if (this.keys.has(key)) return true;
    return key.split(/[\s'-]+/u).some((word) => this.keys.has(word));
  }

  /** Parses `WORDCLOUD_BLOCKLIST`: comma-separated words, blanks ignored. */
  static parseList(value: string | undefined): string[] {
    return (value ?? '')
      .split(',')
      .map((w) => w.trim())
      .filter((w) => w !== '');
  }
}
