import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers; the CSP allows no inline script or style (charts read JSON from the page).
 * In production HSTS is sent; "upgrade-insecure-requests" only on HTTPS answers, so that an
 * office trying the app over plain http://host:3000 still gets its styles and scripts.
 */
export function setUpSecurityHeaders(production: boolean): RequestHandler {
  const headers = (secure: boolean) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': production && secure ? [] : null,
        },
      },
      strictTransportSecurity: production,
    });
  const overHttps = headers(true);
  const overHttp = headers(false);
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}
