// French spacing of user text on display: « Quelle place pour la coopération ? » is stored with a
// plain space before « ? », so a phone or the projector may wrap the « ? » alone onto the next line.

/** No-break space (U+00A0): before « : » and inside « guillemets ». */
export const NBSP = '\u00a0';
/** Narrow no-break space (U+202F): before « ? ! ; ». */
export const NNBSP = '\u202f';

/** How {@link frenchSpacing} treats a text. */
export interface FrenchSpacingOptions {
  /**
   * Also add the space where the author typed none (« Pourquoi? » → « Pourquoi ? »), for a text
   * shown as French. Without it, only a space the author typed is made non-breaking.
   */
  addMissing: boolean;
  /**
   * Put U+00A0 where U+202F belongs. For the PDF's standard Helvetica: its WinAnsi encoding has no
   * U+202F, which pdfkit writes as the two bytes 20 2F, printed « coopération /? ».
   */
  noNarrow?: boolean;
}

// Spaces an author (or an earlier pass) may have put before a mark: plain, no-break, narrow, thin.
const SPACE = '[ \\u00a0\\u202f\\u2009]';
// Left alone, whole: code between backticks, and web addresses (« https://a.fr/?x=1 », « www.a.fr »),
// looked for at a word's start only. Marks glued to letters (« ?theme=dark ») are left by AFTER_QE.
// Measured on a 465-character question (node, a load average of 13 on 2 cores): 54-112 µs when any
// `scheme://` was tried at every word (the scheme read, then given back letter by letter), 13-25 µs
// with these two prefixes; a 480-letter word took 595 µs when it was tried at every letter.
const PROTECTED = '```[\\s\\S]*?```|`[^`\\n]*`|(?<![\\p{L}\\p{N}.-])(?:https?:\\/\\/|www\\.)[^\\s«»<>"]*';
// After « ? » or « ! »: the end, a space, a closing or another mark. Not a letter: « ?theme ».
const AFTER_QE = '(?=$|[\\s)\\]}»"”’\'.,;:…])';
// After « ; » or « : »: only the end or a space, which leaves « 10:30 », « :) », « ;-) », « 3:1 ».
const AFTER_SC = '(?=$|\\s)';
// Where a missing space may be added: after a letter, a digit or a closing mark, never after a space
// or another mark (« ...? », « ?! » stay together), nor after a straight quote (JSON: "key": 1).
const WORD_END = '[\\p{L}\\p{N})\\]»”]';

const PATTERN = new RegExp(
  [
    `(?<kept>${PROTECTED})`,
    `(?<=(?<qeBefore>\\S))(?<qeSpace>${SPACE}*)(?<qe>[?!]+)${AFTER_QE}`,
    `(?<=(?<scBefore>\\S))(?<scSpace>${SPACE}*)(?<sc>[;:])${AFTER_SC}`,
    `«(?<openSpace>${SPACE}*)(?=\\S)`,
    `(?<=(?<closeBefore>\\S))(?<closeSpace>${SPACE}*)»`,
  ].join('|'),
  'giu',
);
const WORD_END_TEST = new RegExp(`^${WORD_END}$`, 'u');
// Most titles and options have no mark at all: one scan for them instead of the pattern's.
const ANY_MARK = /[?!;:«»]/;

type Groups = Partial<Record<string, string>>;

/**
 * French spacing for display: the space before « ? ! ; » becomes a narrow no-break space (U+202F),
 * the space before « : » and inside « guillemets » a no-break space (U+00A0), so a mark never
 * wraps alone onto the next line. Addresses, code between backticks, times (10:30), ratios (3:1),
 * emoticons (« :) », « ;-) ») and marks inside a word (« ?theme=dark ») are left as they are.
 *
 * For display only, never for what is stored, edited or exported: the author's text stays theirs.
 *
 * When to add a missing space (`addMissing`): a space typed before « ? » is French typography in
 * any language (English never puts one), so making it non-breaking is right on every screen and is
 * what fixes the wrapped « ? », in the English interface too. Adding a space the author did not
 * type changes how the text reads, so callers do it only where the screen is French: a French
 * organiser expects « Pourquoi ? » on the projector whether or not the phone's keyboard put the
 * space (detecting a text's language from a dozen words is guesswork; the interface's language is
 * the organiser's own choice).
 */
export function frenchSpacing(text: string, options: FrenchSpacingOptions): string {
  if (!ANY_MARK.test(text)) return text;
  const narrow = options.noNarrow ? NBSP : NNBSP;
  const space = (typed: string, before: string | undefined, nb: string) =>
    typed !== '' || (options.addMissing && before !== undefined && WORD_END_TEST.test(before)) ? nb : '';
  return text.replace(PATTERN, (match: string, ...args: unknown[]) => {
    const g = args.at(-1) as Groups;
    if (g.kept !== undefined) return g.kept;
    if (g.qe !== undefined) return space(g.qeSpace ?? '', g.qeBefore, narrow) + g.qe;
    if (g.sc !== undefined) return space(g.scSpace ?? '', g.scBefore, g.sc === ':' ? NBSP : narrow) + g.sc;
    if (g.openSpace !== undefined) return '«' + (g.openSpace !== '' || options.addMissing ? NBSP : '');
    if (g.closeSpace !== undefined) return (g.closeSpace !== '' || options.addMissing ? NBSP : '') + '»';
    return match;
  });
}
