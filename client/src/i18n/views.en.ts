import type { ViewsResources } from './views.fr.ts';

export const viewsEn: ViewsResources = {
  black: 'Black screen',
  blackOn: 'Black screen on: the projectors show nothing.',
  blackHint: 'The projectors go black; what is on screen stays there for later.',
  announceBlack: 'Black screen on',
  announceUnblack: 'Screen back on',
};
