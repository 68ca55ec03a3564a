// A workbook's sheets as its xl/workbook.xml lists them, and where each part's bytes lie, read
// through the ZIP's central directory: only the directory and two small parts are read, whatever
// the size of the sheets. exceljs's streaming reader takes the parts in stored order and can lose
// the last ones (unzipper ends its stream when it reaches the directory, before the reader has taken
// every entry: exceljs issue #3064); with this index the reader is given only the parts it needs,
// in the order it needs them.
import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

export interface IndexedSheet {
  /** exceljs's worksheet model fields, as its reader expects them. */
  id: number;
  name: string;
  rId: string;
  state: string;
}

export interface WorkbookIndex {
  /** In tab order: the order a spreadsheet program shows them. */
  sheets: IndexedSheet[];
  /** Each part's stored bytes (local header, data and descriptor): [start, end). */
  parts: Map<string, [number, number]>;
  /** The part that holds a sheet, e.g. xl/worksheets/sheet2.xml. */
  partOf: Map<string, string>;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory's entries by name and where it starts; null when the file has none (not a ZIP). */
async function centralDirectory(
  handle: Awaited<ReturnType<typeof open>>,
): Promise<{ entries: Map<string, Entry>; directoryStart: number } | null> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) return null;
  const directoryStart = tail.readUInt32LE(end + 16);
  const directory = await readAt(handle, directoryStart, tail.readUInt32LE(end + 12));
  const entries = new Map<string, Entry>();
  for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL;) {
    const nameLength = directory.readUInt16LE(at + 28);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      localOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return { entries, directoryStart };
}

/** Each entry's bytes run from its local header to the next entry's (the last one's, to the directory). */
function byteRanges(entries: Map<string, Entry>, directoryStart: number): Map<string, [number, number]> {
  const stored = [...entries].sort(([, a], [, b]) => a.localOffset - b.localOffset);
  return new Map(
    stored.map(([name, entry], i) => [name, [entry.localOffset, stored[i + 1]?.[1].localOffset ?? directoryStart]]),
  );
}

async function partText(handle: Awaited<ReturnType<typeof open>>, entry: Entry): Promise<string> {
  const header = await readAt(handle, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new Error('bad local header');
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = await readAt(handle, start, entry.compressedSize);
  return (entry.method === 8 ? inflateRawSync(data) : data).toString('utf8');
}

const xmlText = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[code.toLowerCase()] ?? '';
  });

/** The attributes of each `<tag …>` in a part (prefixes dropped: `r:id` is `id`). */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\s([^>]*?)/?>`, 'g'))].map(([, attributes = '']) =>
    Object.fromEntries(
      [...attributes.matchAll(/(?:[\w]+:)?([\w]+)\s*=\s*("([^"]*)"|'([^']*)')/g)].map((m) => [
        m[1] ?? '',
        xmlText(m[3] ?? m[4] ?? ''),
      ]),
    ),
  );
}

/** The sheets of the workbook at `path`, or null when it cannot be read that way (left to the streaming reader). */
export async function workbookIndex(path: string): Promise<WorkbookIndex | null> {
  const handle = await open(path, 'r');
  try {
    const directory = await centralDirectory(handle);
    if (!directory) return null;
    const { entries, directoryStart } = directory;
    const workbook = entries.get('xl/workbook.xml');
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (!workbook || !rels) return null;
    const sheets = elements(await partText(handle, workbook), 'sheet').map((a, i) => ({
      id: Number(a.sheetId ?? i + 1),
      name: a.name ?? '',
      rId: a.id ?? '',
      state: a.state ?? 'visible',
    }));
    const targets = new Map(
      elements(await partText(handle, rels), 'Relationship').map((a) => [a.Id ?? '', a.Target ?? '']),
    );
    const partOf = new Map<string, string>();
    for (const sheet of sheets) {
      const target = targets.get(sheet.rId);
      if (target) partOf.set(sheet.name, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    return { sheets, parts: byteRanges(entries, directoryStart), partOf };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
