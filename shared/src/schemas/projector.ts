import { z } from 'zod';
import { limits } from '../limits.ts';
import { contrastRatio } from '../rules/contrast.ts';

/** The projector's themes: dark (the default), light, high contrast, or the edition's colours. */
export const ProjectorTheme = z.enum(['dark', 'light', 'contrast', 'edition']);
export type ProjectorTheme = z.infer<typeof ProjectorTheme>;

export const HexColor = z.string().regex(/^#[0-9a-f]{6}$/, 'a colour as #rrggbb (lower case)');

/** A logo small enough to travel in the edition record: a base64 data URL of a PNG, JPEG, WebP or SVG. */
export const LogoDataUrl = z
  .string()
  .max(limits.projectorLogoMaxLength)
  .regex(/^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/, 'a base64 image data URL');

/**
 * How an edition's projectors look, set by the organizer. The text colour is not chosen: the
 * projector writes white or black, whichever reads best on `background` (rules/contrast.ts).
 * The accent (bars, badges, the join address) must stand out from the background at 3:1, the
 * WCAG minimum for large text and graphics.
 */
export const ProjectorLook = z
  .strictObject({
    theme: ProjectorTheme,
    background: HexColor,
    accent: HexColor,
    logo: LogoDataUrl.nullable(),
  })
  .refine((look) => contrastRatio(look.background, look.accent) >= 3, {
    path: ['accent'],
    message: 'the accent needs a contrast of at least 3:1 with the background',
  });
export type ProjectorLook = z.infer<typeof ProjectorLook>;

/** What an edition that never set its look gets. */
export const defaultProjectorLook: ProjectorLook = {
  theme: 'dark',
  background: '#1d3b8b',
  accent: '#ffd23f',
  logo: null,
};
