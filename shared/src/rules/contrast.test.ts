import { describe, expect, it } from 'vitest';
import { contrastRatio, textOn } from './contrast.ts';

describe('contrast', () => {
  it('gives 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d3b8b', '#1d3b8b')).toBe(1);
  });

  it('matches the WCAG figure for a mid grey on white', () => {
    // #767676 is the lightest grey that passes AA on white: 4.54:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('writes white on dark backgrounds and dark on light ones, readable on any', () => {
    expect(textOn('#1d3b8b')).toBe('#ffffff');
    expect(textOn('#ffd23f')).toBe('#000000');
    for (const bg of ['#777777', '#ff0000', '#00ff00', '#0000ff', '#808080', '#b3b3b3']) {
      expect(contrastRatio(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
