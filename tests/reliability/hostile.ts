// Hostile request bodies, generated with fast-check: wrong types, huge and deeply nested values,
// prototype-pollution keys, control characters, formula and SQL strings, broken encodings,
// duplicated parameters, wrong content types, and hostile multipart uploads.
import fc from 'fast-check';

// The fields the app's forms and API read, so generated bodies reach validation, not just `strict`.
const FIELDS = [
  'name',
  'ruc',
  'organizationType',
  'staffCount',
  'volunteerCount',
  'annualBudgetUsd',
  'yearFounded',
  'territoryIds',
  'assistanceTypeIds',
  'status',
  'notes',
  'contactName',
  'contactEmail',
  'contactPhone',
  'declaredResponseHours',
  'localizationCategory',
  'version',
  'territoryId',
  'assistanceTypeId',
  'requestedAt',
  'firstAssistanceAt',
  'peopleAssisted',
  'periodStart',
  'periodEnd',
  'rating',
  'level',
  'category',
  'comment',
  'resolution',
  'partnerId',
  'code',
  'title',
  'startDate',
  'endDate',
  'amountUsd',
  'peopleTargeted',
  'peopleReached',
  'kind',
  'rationale',
  'agreementId',
  'confirmExit',
  'smallShareMin',
  'localFundingShareMin',
  'smallAgilePerTerritoryMin',
  'email',
  'password',
  'currentPassword',
  'confirmPassword',
  'role',
  'language',
  'expiresInDays',
  'nameEs',
  'nameEn',
  'province',
  'provinceCode',
  'isBorderCrossing',
  'active',
  'parentId',
  'weights',
  'sizeBands',
  'sizeScores',
  'agileThreshold',
  'neutralScore',
  'type',
  'sheet',
  'dryRun',
  'mapping',
  'column0',
  'column1',
  'next',
  'acronym',
] as const;

const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
] as const;

const NASTY = [
  "=cmd|' /C calc'!A0",
  '=HYPERLINK("http://example.invalid","x")',
  "+SUM(1+1)*cmd|'/C calc'!A0",
  '-2+3',
  '@SUM(A1)',
  "'; DROP TABLE partners; --",
  "1' OR '1'='1",
  '" OR 1=1 --',
  "x'); DELETE FROM users; --",
  '1; select * from users',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '<%= process.exit() %>',
  '${7*7}',
  '\u0000',
  'a\u0000b',
  '\u001b[31mred',
  '\u0007\u0008\u000b\u000c',
  '\u202eevil\u202c',
  '\u2066x\u2069',
  '\ufeff',
  '\u00a0',
  '\ud800',
  '\udfff',
  'a\ud83dz',
  '\uffff',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x1f',
  '00012',
  '1_000',
  '2024-13-45T25:61',
  '2024-01-01 y más',
  '9999-99-99',
  '0000-00-00',
  '',
  ' ',
  '\t\n\r',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '../../etc/passwd',
  'C:\\Windows\\win.ini',
  'http://169.254.169.254/',
  'ÁÉÍÓÚñ',
  '👩‍👩‍👧‍👦'.repeat(50),
];

const controlText = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 12 })
  .map((codes) => String.fromCharCode(...codes));
const surrogateText = fc
  .array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 4 })
  .map((codes) => `x${String.fromCharCode(...codes)}y`);

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  controlText,
  surrogateText,
  fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 })).map(([a, b]) => a + b),
  // Longer than any text field allows.
  fc.integer({ min: 2_001, max: 5_000 }).map((n) => 'x'.repeat(n)),
);

/** Huge: some under the 100 kB body limit, some over it. Only ever one per body. */
const hugeText = fc.integer({ min: 20_000, max: 110_000 }).map((n) => 'x'.repeat(n));

const hostileKey = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 1, arbitrary: hostileText.filter((k) => k.length < 200) },
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, Number.MIN_VALUE, 999999999999),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);

const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
}));

/** Nested `depth` times: arrays in arrays, or objects in objects. */
const deeplyNested = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );

/** A body as fields and values, with duplicated names and pollution keys. */
const fieldEntries = fc
  .tuple(
    fc.array(fc.tuple(hostileKey, hostileValue), { minLength: 0, maxLength: 8 }),
    fc.option(fc.tuple(hostileKey, hugeText), { freq: 60 }),
  )
  .map(([entries, huge]) => (huge ? [...entries, huge] : entries));

const JSON_TEXTS = [
  '{"__proto__":{"role":"admin","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"name":"a","name":"b"}',
  '{"version":1e400}',
  '{"staffCount":"12"}',
  '[1,2,3]',
  '"just a string"',
  'null',
  '{',
  '{"name": "unterminated',
  '\u0000',
  '',
];

const BROKEN_UTF8 = [
  [0xff, 0xfe],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
] as const;

/** Replaces a character of `text` with bytes that are not valid UTF-8. */
const withBrokenBytes = (text: string, index: number, bytes: readonly number[]) => {
  const buffer = Buffer.from(text, 'utf8');
  const at = buffer.length === 0 ? 0 : index % buffer.length;
  return Buffer.concat([buffer.subarray(0, at), Buffer.from(bytes), buffer.subarray(at)]);
};

const encodeEntry = ([key, value]: [string, unknown]) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  // encodeURIComponent refuses lone surrogates; broken bytes are sent separately (withBrokenBytes).
  const wellFormed = (s: string) => s.replace(/[\ud800-\udfff]/g, '\ufffd');
  return `${encodeURIComponent(wellFormed(key))}=${encodeURIComponent(wellFormed(text))}`;
};

const jsonBody = fc.oneof(
  fc
    .dictionary(hostileKey, hostileValue, { maxKeys: 8 })
    .map((o) => JSON.stringify(o))
    .filter((text) => text.length < 60_000),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null').filter((text) => text.length < 60_000),
  fc.constantFrom(...JSON_TEXTS),
  deeplyNested,
  fieldEntries.map(
    (entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
  ),
);

const formBody = fc.oneof(
  fieldEntries.map((entries) => entries.map(encodeEntry).join('&')).filter((text) => text.length < 120_000),
  fc.constantFrom(
    '%',
    '%zz',
    'a=%FF%FE',
    'name=%00',
    'a[b]=c',
    'a[__proto__][role]=admin',
    '__proto__[role]=admin',
    'name=a&name=b&name=c',
    '=',
    '&&&',
    'a'.repeat(1000) + '=1',
    Array.from({ length: 2000 }, (_, i) => `f${i}=1`).join('&'),
  ),
  fc
    .tuple(fc.constantFrom(...FIELDS), fc.array(hostileText, { minLength: 2, maxLength: 5 }))
    .map(([key, values]) => values.map((v) => encodeEntry([key, v])).join('&')),
);

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=utf-7',
  'text/html',
  'application/octet-stream',
  '*/*',
  ';;;',
  '',
] as const;

const CSV_FILES = [
  'Nombre;RUC\r\n"Sin cerrar;1790085783001\r\n',
  'Nombre\r\n"a""b\r\n',
  "Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores\r\n=cmd|' /C calc'!A0;ONG nacional;5;Quito;Salud\r\n",
  'Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores\r\n<script>alert(1)</script>;ONG nacional;-5;Marte;Salud\r\n',
  '',
  '\u0000\u0000\u0000',
  'PK\u0003\u0004 not really a workbook',
  ';;;;\r\n;;;;\r\n',
];

const FILE_NAMES = [
  'socios.csv',
  'a\u0000b.csv',
  '../../etc/passwd',
  'x.xlsx',
  'x.exe',
  '',
  '<script>.csv',
  'ñ'.repeat(400) + '.csv',
  'C:\\x\\y.csv',
  '\u202egpj.csv',
];

interface Part {
  name: string;
  fileName: string | null;
  content: Buffer;
}

const multipartParts = fc.array(
  fc.record({
    name: fc.constantFrom('file', 'file', 'type', 'sheet', 'dryRun', '_csrf', '__proto__', 'x'),
    fileName: fc.option(
      fc.oneof(
        fc.constantFrom(...FILE_NAMES),
        hostileText.filter((t) => t.length < 300),
      ),
      { nil: null },
    ),
    content: fc.oneof(
      fc.constantFrom(...CSV_FILES).map((t) => Buffer.from(t, 'utf8')),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      fc.constantFrom('partners', 'events', 'reviews', 'agreements', 'nope', '').map((t) => Buffer.from(t)),
    ),
  }),
  { minLength: 0, maxLength: 4 },
);

const BOUNDARY = 'hostileBoundary7MA4YWxk';

function multipart(parts: Part[], csrf: string | null, truncated: boolean): Buffer {
  const chunks: Buffer[] = [];
  const head = (name: string, fileName: string | null) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${fileName === null ? '' : `; filename="${fileName.replace(/"/g, '%22')}"`}\r\n${fileName === null ? '' : 'Content-Type: text/csv\r\n'}\r\n`;
  if (csrf) chunks.push(Buffer.from(`${head('_csrf', null)}${csrf}\r\n`));
  for (const part of parts) chunks.push(Buffer.from(head(part.name, part.fileName)), part.content, Buffer.from('\r\n'));
  if (!truncated) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

export interface HostileRequest {
  contentType: string | null;
  body: Buffer;
  /** Shown in a failure report: what was sent, shortened. */
  label: string;
}

/** Hostile requests for a route; `csrf` goes into form and multipart bodies of pages. */
export function hostileRequests(csrf: string | null): fc.Arbitrary<HostileRequest> {
  const withCsrf = (form: string) => (csrf ? `_csrf=${encodeURIComponent(csrf)}${form ? `&${form}` : ''}` : form);
  const plain = fc
    .oneof(
      { weight: 4, arbitrary: jsonBody.map((text) => ({ contentType: 'application/json', text })) },
      {
        weight: 4,
        arbitrary: formBody.map((text) => ({ contentType: 'application/x-www-form-urlencoded', text: withCsrf(text) })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...CONTENT_TYPES), fc.oneof(jsonBody, formBody.map(withCsrf)))
          .map(([contentType, text]) => ({ contentType: contentType === '' ? null : contentType, text })),
      },
    )
    .chain(({ contentType, text }) =>
      fc.option(fc.tuple(fc.nat(), fc.constantFrom(...BROKEN_UTF8)), { freq: 4 }).map((broken) => ({
        contentType,
        body: broken ? withBrokenBytes(text, broken[0], broken[1]) : Buffer.from(text, 'utf8'),
        label: `${contentType ?? '(no content type)'} ${broken ? `[bytes ${broken[1].map((b) => b.toString(16)).join(' ')}] ` : ''}${JSON.stringify(text.slice(0, 160))}${text.length > 160 ? `… (${text.length} chars)` : ''}`,
      })),
    );
  const upload = fc.tuple(multipartParts, fc.boolean()).map(([parts, truncated]) => ({
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: multipart(parts, csrf, truncated),
    label: `multipart${truncated ? ' (truncated)' : ''} parts ${JSON.stringify(parts.map((p) => ({ name: p.name, fileName: p.fileName, content: p.content.toString('latin1').slice(0, 60) })))}`,
  }));
  return fc.oneof({ weight: 5, arbitrary: plain }, { weight: 1, arbitrary: upload });
}
