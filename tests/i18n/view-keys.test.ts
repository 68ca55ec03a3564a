// Views are untyped, so TypeScript cannot check the keys they translate: this test reads every
// `t(…)` call in the views and the browser scripts and fails, naming the file and the key, when a key
// (or the family a view completes at run time, `t('role.' + user.role)`) is missing in a language.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, dictionaries } from '../../src/i18n/index.js';

const ROOT = join(import.meta.dirname, '../..');

const filesUnder = (folder: string, extension: string): string[] =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .map((name) => join(folder, name))
    .sort();

/** What a view asks for: a whole key, or a family it completes at run time (written with its trailing dot). */
interface KeyUse {
  file: string;
  line: number;
  key: string;
  family: boolean;
}

const KEY_SHAPE = /^[a-zA-Z][\w-]*(\.[\w-]+)*\.?$/;
const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The end of the string literal that opens at `from` (a quote or a backtick), skipping escapes. */
function literalEnd(text: string, from: number): number {
  const quote = text[from];
  for (let i = from + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** The first argument of the call whose parenthesis opens just before `from`. */
function firstArgument(text: string, from: number): string {
  const open: string[] = [];
  for (let i = from; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (char === "'" || char === '"' || char === '`') i = literalEnd(text, i);
    else if (char in CLOSING) open.push(CLOSING[char] ?? '');
    else if (open.length === 0 && (char === ',' || char === ')')) return text.slice(from, i);
    else if (char === open.at(-1)) open.pop();
  }
  return text.slice(from);
}

/**
 * The keys in the first arguments of a file's `t(…)` calls: each string literal shaped like a key
 * (so `t(flag ? 'a.b' : 'a.c')` gives both), where a literal followed by `+`, or a template
 * literal's text before its first `${`, is a family.
 */
function keyUses(file: string, text: string): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const call of text.matchAll(/(?<![\w.$])t\(/g)) {
    const start = call.index + call[0].length;
    const argument = firstArgument(text, start);
    const line = text.slice(0, start).split('\n').length;
    for (let i = 0; i < argument.length; i += 1) {
      const char = argument.charAt(i);
      if (char !== "'" && char !== '"' && char !== '`') continue;
      const end = literalEnd(argument, i);
      const body = argument.slice(i + 1, end);
      const interpolated = char === '`' ? body.indexOf('${') : -1;
      const written = interpolated >= 0 ? body.slice(0, interpolated) : body;
      const family =
        interpolated >= 0 ||
        argument
          .slice(end + 1)
          .trimStart()
          .startsWith('+');
      if (KEY_SHAPE.test(written) && written.includes('.')) uses.push({ file, line, key: written, family });
      i = end;
    }
  }
  return uses;
}

const KEYS = LANGUAGES.map((language) => ({ language, keys: Object.keys(dictionaries[language]) }));

/** What is wrong with one use, in one line; null when every language has it. */
function missing(use: KeyUse): string | null {
  const absentIn = KEYS.filter(({ keys }) =>
    use.family ? !keys.some((key) => key.startsWith(use.key)) : !keys.includes(use.key),
  ).map(({ language }) => language);
  if (absentIn.length === 0) return null;
  const what = use.family ? `no key starts with '${use.key}'` : `'${use.key}' is missing`;
  return `${use.file}:${use.line}: ${what} in ${absentIn.join(', ')}`;
}

const SOURCES = [...filesUnder('views', '.ejs'), ...filesUnder('public/js', '.js')];
const uses = SOURCES.flatMap((file) => keyUses(file, readFileSync(join(ROOT, file), 'utf8')));

describe('keys the views translate', () => {
  it('finds the calls in every view', () => {
    expect(uses.filter((use) => !use.family).length).toBeGreaterThan(1000);
    expect(new Set(uses.map((use) => use.file)).size).toBeGreaterThan(60);
    expect(uses.filter((use) => use.family).map((use) => use.key)).toEqual(
      expect.arrayContaining(['role.', 'sizeClass.', 'recommendation.', 'audit.action.', 'undo.blocked.']),
    );
  });

  it('exist in both languages, whole or as a family', () => {
    expect(uses.map(missing).filter((problem) => problem !== null)).toEqual([]);
  });
});

describe('the scan', () => {
  const scanned = (text: string) => keyUses('views/example.ejs', text).map(({ key, family }) => ({ key, family }));

  it.each([
    ["<%= t('partners.list.title') %>", [{ key: 'partners.list.title', family: false }]],
    ['<%= t("nav.main") %>', [{ key: 'nav.main', family: false }]],
    ["<%= t('role.' + user.role) %>", [{ key: 'role.', family: true }]],
    ['<%= t(`sizeClass.${size}`) %>', [{ key: 'sizeClass.', family: true }]],
    [
      "<%= t(met ? 'targets.met' : 'targets.unmet', { gap: t('x.y') }) %>",
      [
        { key: 'targets.met', family: false },
        { key: 'targets.unmet', family: false },
        { key: 'x.y', family: false },
      ],
    ],
    ["<%= t(issue.message, { name: 'not.a.key' }) %>", []],
    ["<%= format(t) %> <%= it('a.b') %> <%= chart.t('a.b') %>", []],
  ])('%s', (text, expected) => {
    expect(scanned(text)).toEqual(expected);
  });

  it('names the file, the line and the language of a missing key', () => {
    const [use] = keyUses('views/example.ejs', "<h1>\n<%= t('partners.list.titel') %></h1>");
    expect(use && missing(use)).toBe("views/example.ejs:2: 'partners.list.titel' is missing in es, en");
    const [family] = keyUses('views/example.ejs', "<%= t('sizeKlass.' + size) %>");
    expect(family && missing(family)).toBe("views/example.ejs:1: no key starts with 'sizeKlass.' in es, en");
  });
});
