import { frenchSpacing } from '@agora/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * User text (questions, poll and cloud titles, options, session titles) ready to show: its « ? ! ;
 * : » kept on the line of their word (see `frenchSpacing` for why a missing space is added only in
 * the French interface). Inputs and edit boxes keep the stored text as it is.
 */
export function useFrenchSpacing(): (text: string) => string {
  const { i18n } = useTranslation();
  const addMissing = i18n.language.startsWith('fr');
  return useCallback((text: string) => frenchSpacing(text, { addMissing }), [addMissing]);
}
