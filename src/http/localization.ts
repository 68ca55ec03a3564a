import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { type Language, type Translate, formatters, isLanguage, negotiateLanguage, translator } from '../i18n/index.js';

const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

declare global {
  namespace Express {
    interface Locals {
      lang: Language;
      t: Translate;
      fmt: ReturnType<typeof formatters>;
      /** The name of a bilingual reference record in the request's language. */
      localName: (item: { nameEs: string; nameEn: string }) => string;
    }
  }
}

/** Language from the user's choice (a cookie), else the browser's Accept-Language, else Spanish. */
export function languageOf(req: Request): Language {
  // cookie-parser types cookies as `any`: the language cookie is read as the unknown text it is.
  const chosen = (req.cookies as Record<string, unknown>)[LANGUAGE_COOKIE];
  return isLanguage(chosen) ? chosen : negotiateLanguage(req.get('accept-language'));
}

/** Only a path on this site may be a redirect target. */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
    ? value
    : fallback;
}

/** Sets the language a response is written in. */
export function useLanguage(res: Response, lang: Language): void {
  res.locals.lang = lang;
  res.locals.t = translator(lang);
  res.locals.fmt = formatters(lang);
  res.locals.localName = (item) => (lang === 'en' ? item.nameEn : item.nameEs);
  res.setHeader('Content-Language', lang);
}

export function setUpLocalization(): Router {
  const router = express.Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    useLanguage(res, languageOf(req));
    res.vary('Accept-Language');
    next();
  });
  return router;
}

/** A signed-in user's own language setting wins over the browser's. */
export function applyUserLanguage(): RequestHandler {
  return (_req, res, next) => {
    const preferred = res.locals.user?.language;
    if (preferred) useLanguage(res, preferred);
    next();
  };
}

/** Remembers a language choice in a cookie for the next visits of this browser. */
export function rememberLanguage(res: Response, lang: Language): void {
  res.cookie(LANGUAGE_COOKIE, lang, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax' });
}
