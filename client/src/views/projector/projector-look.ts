import {
  defaultProjectorLook,
  ProjectorTheme,
  textOn,
  type Programme,
  type ProjectorLook,
} from '@agora/shared';
import type { CSSProperties } from 'react';

export interface AppliedLook {
  theme: ProjectorTheme;
  /** The edition theme's colours, as the projector's custom properties (the other themes are CSS classes). */
  style: CSSProperties;
  logo: string | null;
}

/**
 * The look a projector shows: the edition's (set by the organizer), unless the screen's address
 * asks for another theme with `?theme=` (a bright room's projector in `light`, say).
 */
export function projectorLook(programme: Programme, search: string): AppliedLook {
  const look: ProjectorLook = programme.projector ?? defaultProjectorLook;
  const asked = ProjectorTheme.safeParse(new URLSearchParams(search).get('theme'));
  const theme = asked.success ? asked.data : look.theme;
  const style =
    theme === 'edition'
      ? ({
          '--p-bg': look.background,
          '--p-fg': textOn(look.background),
          '--p-muted': textOn(look.background),
          '--p-accent': look.accent,
        } as CSSProperties)
      : {};
  return { theme, style, logo: look.logo };
}
