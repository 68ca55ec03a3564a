// Text fields accept what people type, not what a terminal or a text direction trick would act on.
// C0 control characters (NUL, ESC…) and DEL are refused in every text field, except tab and line
// breaks; bidirectional overrides and isolates, which can make a name or a code read differently
// from what it is, are refused in names and codes.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole purpose.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTERS.test(text);
export const hasBidiControls = (text: string): boolean => BIDI_CONTROLS.test(text);

/** Free text (notes, comments, rationales): any character a person types, tab and line breaks included. */
export function plainText(error: string) {
  return z
    .string({ error })
    .refine((text) => !hasControlCharacters(text), { error: 'validation.controlCharacters', abort: true });
}

/** A name or a code, shown in lists and links: no control characters and no text direction overrides. */
export function nameText(error: string) {
  return plainText(error).refine((text) => !hasBidiControls(text), { error: 'validation.bidiControls', abort: true });
}
