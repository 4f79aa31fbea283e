import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, titleOfFileName } from './file-names.ts';

describe('file names', () => {
  it('keeps the last path segment and accents, and takes the extension of the type read from the content', () => {
    expect(cleanFileName('C:\\Users\\x\\Synthèse atelier 3.PDF', 'pdf')).toBe('Synthèse atelier 3.pdf');
    expect(cleanFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
    expect(cleanFileName('setup.exe', 'pdf')).toBe('setup.pdf');
  });

  it('removes control characters, quotes and separators a header or a file system reads specially', () => {
    expect(cleanFileName('a"b\r\nc;d<e>|f?.pdf', 'pdf')).toBe('abcdef.pdf');
    expect(cleanFileName('...hidden.pdf', 'pdf')).toBe('hidden.pdf');
    expect(cleanFileName('   ', 'mp4')).toBe('document.mp4');
  });

  it('shortens a long name to 120 characters, extension included', () => {
    const name = cleanFileName(`${'é'.repeat(300)}.pdf`, 'pdf');
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('titles a document after its file name', () => {
    expect(titleOfFileName('Synthèse atelier 3.pdf')).toBe('Synthèse atelier 3');
  });

  it('writes an ASCII fallback and the UTF-8 name in Content-Disposition', () => {
    expect(contentDisposition('plan.pdf', 'inline')).toBe('inline; filename="plan.pdf"');
    expect(contentDisposition('Synthèse (1).pdf', 'attachment')).toBe(
      `attachment; filename="Synthese (1).pdf"; filename*=UTF-8''Synth%C3%A8se%20%281%29.pdf`,
    );
  });
});
