/**
 * Text files as teachers and TAs save them (rosters from Excel or LibreOffice, manual.json from
 * Notepad): UTF-8 with or without a byte-order mark, UTF-16 with its mark (Excel's "Unicode text"),
 * or the Russian Windows code page cp1251 ("ANSI" in Notepad, plain "CSV" in a Russian Excel).
 *
 * cp1251 has no signature: a file that is not valid UTF-8 is read as cp1251 when what it decodes to
 * looks like Russian text (its non-ASCII characters are Cyrillic letters, mostly lower case, as in
 * names, and never inside a Latin word). Anything else, e.g. KOI8-R, whose Cyrillic decodes as mostly capitals, is refused with a
 * message that says how to save the file as UTF-8. Node's TextDecoder knows windows-1251 (Node 20
 * ships full ICU), so no decoding library is needed.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../shared/errors';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when the file started with a byte-order mark (removed from `text`). */
  bom: boolean;
}

const CYRILLIC_UPPER = /[А-ЯЁ]/;
const CYRILLIC_LETTER = /[А-яЁё]/;
const MIXED_WORD = /[A-Za-z][А-яЁё]|[А-яЁё][A-Za-z]/;

/** The text of these bytes, or null when they are neither UTF-8/16 nor plausibly cp1251. */
export function decodeSpreadsheetText(bytes: Uint8Array): DecodedText | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: utf8(bytes.subarray(3)) ?? '', encoding: 'utf-8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  const text = utf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8', bom: false };
  const cp1251 = new TextDecoder('windows-1251').decode(bytes);
  return looksRussian(cp1251) ? { text: cp1251, encoding: 'windows-1251', bom: false } : null;
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Non-ASCII characters all Cyrillic letters, no more capitals than small letters among them, and
 * no word that mixes Latin and Cyrillic letters (Latin-1 "Müller" would read as "Mьller").
 */
export function looksRussian(text: string): boolean {
  if (MIXED_WORD.test(text)) return false;
  const nonAscii = [...text].filter((c) => c.charCodeAt(0) > 0x7f);
  if (nonAscii.length === 0) return false;
  const letters = nonAscii.filter((c) => CYRILLIC_LETTER.test(c));
  if (letters.length < nonAscii.length * 0.95) return false;
  const upper = letters.filter((c) => CYRILLIC_UPPER.test(c)).length;
  return upper <= letters.length - upper;
}

/**
 * Reads a teacher's text file; a file in no encoding we can tell is one UsageError line that names
 * the file and says how to save it as UTF-8. `how` names the kind of file, for the message.
 */
export function readSpreadsheetText(file: string, how: { saveAs: string }): DecodedText {
  const decoded = decodeSpreadsheetText(readFileSync(file));
  if (decoded === null) {
    throw new UsageError(
      `${file}: the file is neither UTF-8 nor Russian Windows text (cp1251), perhaps KOI8-R or another code page; save it as UTF-8 (${how.saveAs}) and try again`,
    );
  }
  return decoded;
}

/** How to save each kind of file as UTF-8, for the messages. */
export const SAVE_AS_UTF8 = {
  csv: "Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'; LibreOffice: Save As → Text CSV, character set 'Unicode (UTF-8)'",
  json: "Notepad: File → Save As → Encoding 'UTF-8'; VS Code: the encoding in the status bar → Save with Encoding → UTF-8",
};
