import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import express, { type Router } from 'express';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Serves `public/` under /assets. Pages link assets with a content hash (`?v=…`): those answers
 * are cached for a year as immutable; a link without the hash is revalidated each time.
 */
export function setUpStaticAssets(
  publicDir: string,
  vendor: Record<string, string> = {},
): { router: Router; assetUrl: (path: string) => string; assetFile: (path: string) => string | undefined } {
  const files = new Map<string, string>([
    ...filesUnder(publicDir).map((file): [string, string] => [relative(publicDir, file).split('\\').join('/'), file]),
    ...Object.entries(vendor),
  ]);
  const versions = new Map(
    [...files].map(([path, file]) => [
      path,
      createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12),
    ]),
  );
  const router = express.Router();
  // Libraries are served from the installed package (no CDN), under /assets/vendor/.
  for (const [path, file] of Object.entries(vendor)) {
    router.get(`/assets/${path}`, (req, res) => {
      const versioned = typeof req.query.v === 'string';
      res.sendFile(file, {
        headers: { 'Cache-Control': versioned ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache' },
      });
    });
  }
  router.use(
    '/assets',
    express.static(publicDir, {
      index: false,
      setHeaders(res) {
        const versioned = typeof res.req.query.v === 'string';
        res.setHeader('Cache-Control', versioned ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache');
      },
    }),
  );
  const assetUrl = (path: string) => {
    const version = versions.get(path);
    if (!version) throw new Error(`Unknown asset: ${path}`);
    return `/assets/${path}?v=${version}`;
  };
  return { router, assetUrl, assetFile: (path) => files.get(path) };
}
