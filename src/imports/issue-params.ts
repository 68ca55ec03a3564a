// A row issue's parameters in the reader's language. An issue is stored once and read in either
// language, so a parameter that is itself text in a language (the values a list accepts, a
// suggested value) is stored twice, `acceptedEs` and `acceptedEn`, and given to the message as
// `accepted` in the language it is read in. Pure.
import type { Language } from '../i18n/index.js';

export function paramsIn(
  params: Record<string, string | number> | undefined,
  lang: Language,
): Record<string, string | number> | undefined {
  if (!params) return params;
  const suffix = lang === 'en' ? 'En' : 'Es';
  const localized: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const bilingual = /^(.+)(Es|En)$/.exec(name);
    if (!bilingual) localized[name] = value;
    else if (bilingual[2] === suffix && bilingual[1] !== undefined) localized[bilingual[1]] = value;
  }
  return localized;
}
