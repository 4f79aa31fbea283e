import type { Speaker } from '@agora/shared';

/** One timed entry of a printed programme. */
export interface ProgrammeEntry {
  /** minutes after midnight, local time */
  start: number;
  title: string;
  description: string;
  speakers: Speaker[];
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const TIMED = /^\*\*(\d{1,2})h(\d{2})\s*:\*\*\s*(.*)$/;
const BOLD = /\*\*(.+?)\*\*/g;

const plain = (text: string) => text.replace(BOLD, '$1').replace(/\s+/g, ' ').trim();

/** Speakers named in bold in a line: « **Mme Claire Hédon**, Défenseure des Droits ». */
function speakersIn(line: string): Speaker[] {
  return [...line.matchAll(BOLD)]
    .map((m) => m[1]?.trim() ?? '')
    .filter((name) => /^(Mme|M\.|Dr|Pr)\s/.test(name))
    .map((name) => {
      const after = line.slice(line.indexOf(name) + name.length + 2).replace(/^[\s,]+/, '');
      const role = plain(after.split('**')[0] ?? '').replace(/[,;]\s*$/, '');
      return role ? { name, role } : { name };
    });
}

/**
 * Reads a French printed programme (the seed's markdown: `**9h30 :** Title`, bullet lists of
 * speakers in bold) into timed entries, and its date (« Jeudi 12 décembre 2024 »).
 */
export function parseProgramme(text: string): { date: string | null; entries: ProgrammeEntry[] } {
  const dateMatch =
    /(\d{1,2})\s+(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+(\d{4})/i.exec(
      text,
    );
  const date = dateMatch
    ? `${dateMatch[3]}-${String(MONTHS.indexOf((dateMatch[2] ?? '').toLowerCase()) + 1).padStart(2, '0')}-${(
        dateMatch[1] ?? ''
      ).padStart(2, '0')}`
    : null;
  const entries: (ProgrammeEntry & { lines: string[] })[] = [];
  let current: (ProgrammeEntry & { lines: string[] }) | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const timed = TIMED.exec(line);
    if (timed) {
      const heading = timed[3] ?? '';
      // « Intervention « … », par **M. X**, role » : the title stops where the speaker starts.
      const by = /,\s*par\s+(?=\*\*)/.exec(heading);
      current = {
        start: Number(timed[1]) * 60 + Number(timed[2]),
        title: plain(by ? heading.slice(0, by.index) : heading),
        description: '',
        speakers: speakersIn(heading),
        lines: by ? [plain(heading.slice(by.index + by[0].length))] : [],
      };
      entries.push(current);
    } else if (line.startsWith('#')) {
      current = null;
    } else if (current && line) {
      if (line.startsWith('- ')) current.speakers.push(...speakersIn(line));
      current.lines.push(plain(line.replace(/^- /, '')));
    }
  }
  return {
    date,
    entries: entries.map(({ lines, ...entry }) => ({ ...entry, description: lines.join('\n') })),
  };
}
