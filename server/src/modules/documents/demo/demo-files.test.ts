import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { demoLogo, demoPdf } from './demo-files.ts';

describe('the demo’s generated files', () => {
  it('writes a PDF whose type reads from its bytes and whose cross-reference table points at its objects', async () => {
    const pdf = demoPdf('Synthèse de l’atelier (1)', ['Coopérer — « retours d’expérience »']);
    expect((await fileTypeFromBuffer(pdf))?.mime).toBe('application/pdf');
    const text = pdf.toString('latin1');
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + 7)).toBe(`${i + 1} 0 obj`));
    expect(text).toContain('(Synth\u00e8se de l\x92atelier \\(1\\)) Tj');
  });

  it('draws a PNG logo of the requested size', async () => {
    const png = demoLogo([31, 94, 168]);
    expect((await fileTypeFromBuffer(png))?.mime).toBe('image/png');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([240, 96]);
  });
});
