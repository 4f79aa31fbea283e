import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// The 14 standard fonts' metrics, which pdf.js reads from its own package to lay out the text.
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** Each page's runs of text, with the height of their baseline on the page. */
async function pageRuns(bytes: Uint8Array): Promise<{ str: string; y: number }[][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl }).promise;
  const pages: { str: string; y: number }[][] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(
      content.items.map((item) =>
        'str' in item ? { str: item.str, y: item.transform[5] } : { str: '', y: NaN },
      ),
    );
  }
  await pdf.destroy();
  return pages;
}

/** The text of each page of a PDF, as a reader extracts it (pdf.js, the client's viewer library). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  return (await pageRuns(bytes)).map((runs) => runs.map((r) => r.str).join(' '));
}

/** The printed lines of each page, top to bottom (runs on one baseline, such as a table row's cells, joined by a space). */
export async function pdfLines(bytes: Uint8Array): Promise<string[][]> {
  return (await pageRuns(bytes)).map((runs) => {
    const lines = new Map<number, string[]>();
    for (const r of runs) if (r.str.trim() !== '') lines.set(r.y, [...(lines.get(r.y) ?? []), r.str]);
    return [...lines.entries()].sort(([a], [b]) => b - a).map(([, strs]) => strs.join(' '));
  });
}
