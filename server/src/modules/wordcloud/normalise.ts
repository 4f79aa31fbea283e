/**
 * Word-cloud normalisation: which spellings count as the same word.
 *
 * The key groups what people mean as one word: case, spaces, surrounding punctuation and quotes,
 * Unicode forms, a French elision at the start (« l’écoute » → « écoute »), plurals where stripping
 * a final s/x cannot merge two different words, and (by default) accents, because phones type
 * « securite » as often as « sécurité ». The display keeps what the person typed, cleaned up; the
 * cloud shows each group in its most frequent display spelling.
 */

export interface Normalised {
  /** Grouping key: never shown as such. */
  key: string;
  /** The spelling as typed, trimmed, inner spaces collapsed, surrounding punctuation removed. */
  display: string;
}

export interface NormaliseOptions {
  /** Fold accents in the key (« sécurité » and « securite » group together). Default true. */
  foldAccents?: boolean;
}

/** Longest key kept (the `cloud:hide` command accepts up to 120 characters). */
const MAX_KEY_LENGTH = 120;

/** Every apostrophe a phone keyboard may produce, unified to ' in the key. */
const APOSTROPHES = /['’‘ʼ`´′]/gu;
const DASHES = /[‐‑‒–—―−]/gu;
/** Punctuation and quotes at either end: « » " ' ’ … ! ? . , ; : ( ) [ ] etc. */
const SURROUNDING = /^[\p{P}\s]+|[\p{P}\s]+$/gu;

/** French elided articles and conjunctions, longest first so « jusqu' » wins over « j' ». */
const ELISIONS = ['jusqu', 'lorsqu', 'puisqu', 'qu', 'l', 'd', 'j', 'n', 's', 'c', 'm', 't'];
const ELISION = new RegExp(`^(?:${ELISIONS.join('|')})'(?=\\p{L})`, 'u');

/**
 * Words whose final s or x is not a plural mark, or whose singular is another word
 * (« fois » / « foi », "news" / "new"). Compared after accent folding.
 */
const PLURAL_EXCEPTIONS = new Set([
  // French
  'temps',
  'corps',
  'cours',
  'discours',
  'parcours',
  'secours',
  'concours',
  'recours',
  'fois',
  'pays',
  'prix',
  'bus',
  'mais',
  'jamais',
  'alors',
  'toujours',
  'parfois',
  'ailleurs',
  'plusieurs',
  'moins',
  'dans',
  'sans',
  'sous',
  'vers',
  'apres',
  'tres',
  'gens',
  'fils',
  'mœurs',
  'moeurs',
  'puis',
  'depuis',
  'autrefois',
  'toutefois',
  'succes',
  'acces',
  'proces',
  'progres',
  'exces',
  'mieux',
  'deux',
  'ceux',
  'vieux',
  'choix',
  'paix',
  'voix',
  'croix',
  // English
  'is',
  'this',
  'news',
  'always',
  'perhaps',
  'towards',
  'sometimes',
  'analysis',
  'basis',
  'crisis',
  'thesis',
  'status',
  'focus',
  'bonus',
  'campus',
  'virus',
  'chaos',
  'ethos',
  'lens',
  'series',
  'species',
  'means',
  'across',
  'unless',
  'whereas',
  'yes',
  'plus',
]);

const MIN_STEM_LETTERS = 4;

function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFC');
}

/** Strips a plural s or x from one word when that is safe (see the module comment). */
function singular(word: string, folded: string): string {
  const last = word.at(-1);
  if (last !== 's' && last !== 'x') return word;
  if (PLURAL_EXCEPTIONS.has(word) || PLURAL_EXCEPTIONS.has(folded)) return word;
  const stem = word.slice(0, -1);
  if (/[sxz]$/u.test(stem)) return word;
  if ((stem.match(/\p{L}/gu) ?? []).length < MIN_STEM_LETTERS) return word;
  return stem;
}

function cleanDisplay(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, ' ').replace(SURROUNDING, '');
}

/**
 * The grouping key and the display spelling of what a participant sent, or null when nothing
 * meaningful is left (only spaces or punctuation). Pure and deterministic: the same input always
 * gives the same key, on every node and after a restart.
 */
export function normaliseWord(raw: string, options: NormaliseOptions = {}): Normalised | null {
  const display = cleanDisplay(raw);
  if (!/[\p{L}\p{N}]/u.test(display)) return null;

  let key = display.toLocaleLowerCase('fr').replace(APOSTROPHES, "'").replace(DASHES, '-');
  key = key.replace(ELISION, '');
  key = key.replace(SURROUNDING, '');
  const fold = options.foldAccents ?? true;
  key = key
    .split(' ')
    .map((word) => {
      const folded = foldAccents(word);
      const base = fold ? folded : word;
      return singular(base, folded);
    })
    .join(' ');
  key = key.slice(0, MAX_KEY_LENGTH);
  if (key === '') return null;
  return { key, display };
}
