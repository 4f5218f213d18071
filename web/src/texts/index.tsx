/** The texts in the chosen language (bokmål unless the person switched), for every component. */
import { createContext, useContext } from 'react';
import { en } from './en';
import { nb, type Texts } from './nb';

export type Lang = 'nb' | 'en';
export const TEXTS: Record<Lang, Texts> = { nb, en };

export const TextsContext = createContext<Texts>(nb);

export function useTexts(): Texts {
  return useContext(TextsContext);
}

export function storedLang(): Lang {
  return localStorage.getItem('bf-lang') === 'en' ? 'en' : 'nb';
}

export function storeLang(lang: Lang): void {
  localStorage.setItem('bf-lang', lang);
}
