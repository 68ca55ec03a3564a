// How a CSV file was saved: its encoding and its delimiter. Pure: works on bytes and text samples.

export type Encoding = 'utf-8' | 'windows-1252';
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Checks a file's bytes chunk by chunk: valid UTF-8 throughout means UTF-8; anything else is
 * taken as Windows-1252, which is what Excel's plain "CSV" saves on a Spanish Windows.
 */
export function utf8Checker(): { push(chunk: Uint8Array): void; failed(): boolean; result(): Encoding } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  return {
    push(chunk) {
      if (!valid) return;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        valid = false;
      }
    },
    failed: () => !valid,
    result() {
      if (valid) {
        try {
          decoder.decode();
        } catch {
          valid = false;
        }
      }
      return valid ? 'utf-8' : 'windows-1252';
    },
  };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Counts a delimiter per line outside quotes, over the first lines of a sample. */
function countsPerLine(sample: string, delimiter: string, maxLines: number): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  for (let i = 0; i < sample.length && counts.length < maxLines; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === delimiter) count++;
    else if (!quoted && ch === '\n') {
      counts.push(count);
      count = 0;
    }
  }
  if (count > 0 && counts.length < maxLines) counts.push(count);
  return counts;
}

/**
 * The delimiter that splits the header into the most columns and the following lines
 * consistently; a comma when nothing else is seen (a one-column file).
 */
export function detectDelimiter(sample: string, maxLines = 20): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = countsPerLine(sample, delimiter, maxLines);
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = header * consistent;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}
