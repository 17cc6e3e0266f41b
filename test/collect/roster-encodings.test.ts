/**
 * Rosters as spreadsheets save them: UTF-8 with a byte-order mark, cp1251 from a Russian Excel
 * (semicolons, decimal commas), UTF-16 "Unicode text" with tabs; Cyrillic ids; the LMS columns.
 * The cp1251 bytes are made here by a small encoder of our own (Cyrillic А..я is 0xC0..0xFF, Ё 0xA8,
 * ё 0xB8), and the KOI8-R bytes are checked with Node's own KOI8-R decoder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRoster } from '../../grader/collect/roster';
import { decodeSpreadsheetText } from '../../grader/collect/spreadsheet-text';
import { UsageError } from '../../grader/shared/errors';
import { tempDir } from './git-fixtures';

function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (c === 'Ё') return 0xa8;
      if (c === 'ё') return 0xb8;
      throw new Error(`no cp1251 byte for ${c} in this test encoder`);
    }),
  );
}

function rosterFile(bytes: Buffer | string): { dir: string; file: string } {
  const dir = tempDir('roster-enc');
  const file = path.join(dir, 'roster.csv');
  writeFileSync(file, bytes);
  return { dir, file };
}

function errorOf(bytes: Buffer | string): string {
  const { file } = rosterFile(bytes);
  try {
    readRoster(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message.slice(file.length);
  }
  throw new Error('readRoster accepted a bad roster');
}

describe('rosters as teachers save them', () => {
  it('UTF-8 with a byte-order mark, semicolons and CRLF (Excel "CSV UTF-8" in a Russian locale), Cyrillic ids', () => {
    const { dir, file } = rosterFile(
      '\uFEFFid;name;repo;extension_days\r\nиванова;Иванова, Анна;repos/a;0,5\r\npetrov;Пётр Петров;repos/p;\r\n',
    );
    expect(readRoster(file)).toEqual([
      { id: 'иванова', name: 'Иванова, Анна', repo: path.join(dir, 'repos', 'a'), extensionDays: 0.5, line: 2 },
      { id: 'petrov', name: 'Пётр Петров', repo: path.join(dir, 'repos', 'p'), extensionDays: 0, line: 3 },
    ]);
  });

  it('cp1251 (a Russian Excel\'s plain "CSV") is detected and read', () => {
    const { file } = rosterFile(
      cp1251(
        'id;name;repo\nёжиков;Ёжиков Илья;https://git.example.edu/ezh.git\nанна;Анна Щукина;https://git.example.edu/anna.git\n',
      ),
    );
    expect(readRoster(file).map((e) => [e.id, e.name])).toEqual([
      ['ёжиков', 'Ёжиков Илья'],
      ['анна', 'Анна Щукина'],
    ]);
  });

  it('UTF-16 with its mark and tabs (Excel "Unicode text")', () => {
    const text = 'id\tname\trepo\nann\tАнна\thttps://git.example.edu/ann.git\n';
    const { file } = rosterFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(readRoster(file).map((e) => [e.id, e.name, e.repo])).toEqual([
      ['ann', 'Анна', 'https://git.example.edu/ann.git'],
    ]);
  });

  it('KOI8-R, which cannot be told apart from cp1251 reliably, is refused with how to save as UTF-8', () => {
    const koi8 = Buffer.from([
      0x69, 0x64, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x2c, 0x72, 0x65, 0x70, 0x6f, 0x0a, 0x61, 0x2c, 0xe1, 0xce, 0xce, 0xc1,
      0x20, 0xe9, 0xd7, 0xc1, 0xce, 0xcf, 0xd7, 0xc1, 0x2c, 0x72, 0x0a,
    ]);
    expect(new TextDecoder('koi8-r').decode(koi8)).toBe('id,name,repo\na,Анна Иванова,r\n');
    expect(errorOf(koi8)).toBe(
      ": the file is neither UTF-8 nor Russian Windows text (cp1251), perhaps KOI8-R or another code page; save it as UTF-8 (Excel: File → Save As → 'CSV UTF-8 (Comma delimited)'; LibreOffice: Save As → Text CSV, character set 'Unicode (UTF-8)') and try again",
    );
  });

  it('a semicolon file with a stray cell names the separator', () => {
    expect(errorOf('id;name;repo\nann;Ann;a\nbob;Petrov; Boris;b\n')).toMatch(
      /^ line 3: not valid CSV \(.*\); every row needs the same cells as the header, separated by a semicolon as the header is, and a cell with a semicolon in it must be in double quotes$/,
    );
  });

  it('Cyrillic ids: one id whatever the Unicode form, case clashes, and unsafe ones refused', () => {
    const composed = 'йцук'.normalize('NFC');
    const decomposed = 'йцук'.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(errorOf(`id,name,repo\n${composed},A,a\n${decomposed},B,b\n`)).toBe(
      ` line 3: id "${composed}" is already used on line 2; give each student their own id`,
    );
    expect(errorOf('id,name,repo\nИванова,A,a\nиванова,B,b\n')).toMatch(
      /^ line 3: id "иванова" differs only in case from "Иванова" on line 2/,
    );
    for (const id of ['Ива нова', 'ива/нова', '.иванова', 'иванова.'])
      expect(errorOf(`id,name,repo\n${id},A,a\n`)).toMatch(
        /^ line 2: id ".*" is not valid; use letters \(any alphabet\)/,
      );
  });

  it('the LMS columns are read when present and checked', () => {
    const { file } = rosterFile(
      'id,name,repo,email,sis_id,sis_login_id,section\nann,Ann,a,ann@example.edu,S-001,ann.k,Group 1\nbob,Bob,b,,,,\n',
    );
    const [ann, bob] = readRoster(file);
    expect(ann).toMatchObject({ email: 'ann@example.edu', sisId: 'S-001', sisLoginId: 'ann.k', section: 'Group 1' });
    expect(Object.keys(bob).sort()).toEqual(['extensionDays', 'id', 'line', 'name', 'repo']);
    expect(errorOf('id,name,repo,email\nann,Ann,a,not-an-address\n')).toBe(
      ' line 2: email "not-an-address" is not valid; write an e-mail address like ann@example.edu, or leave the cell empty',
    );
  });

  it('plain ASCII is UTF-8; text with no Cyrillic in it is not taken for cp1251', () => {
    expect(decodeSpreadsheetText(Buffer.from('id,name\n'))).toEqual({
      text: 'id,name\n',
      encoding: 'utf-8',
      bom: false,
    });
    expect(decodeSpreadsheetText(Buffer.from([0x61, 0xe9, 0x2c, 0xfc, 0x0a]))).toBeNull(); // Latin-1 "aé,ü"
  });
});
