import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRoster } from '../../grader/collect/roster';
import { UsageError } from '../../grader/shared/errors';
import { tempDir, writeRoster } from './git-fixtures';

function errorOf(lines: string[]): string {
  const file = writeRoster(tempDir('roster'), lines);
  try {
    readRoster(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(file)).toBe(true);
    return message.slice(file.length);
  }
  throw new Error('readRoster accepted a bad roster');
}

describe('the roster', () => {
  it('reads rows, resolves relative repo paths against the roster’s folder, keeps URLs as written', () => {
    const dir = tempDir('roster');
    const file = writeRoster(dir, [
      'ID,Name,Repo,Extension_Days',
      'ann,Anna Ivanova,repos/ann,',
      'bob.k,"Petrov, Boris",https://git.example.edu/bob/lstm.git,2',
      'cat_3,Cat,git@github.com:cat/lstm.git,0.5',
      'dan,Dan,/srv/git/dan.git,',
    ]);
    expect(readRoster(file)).toEqual([
      { id: 'ann', name: 'Anna Ivanova', repo: path.join(dir, 'repos', 'ann'), extensionDays: 0, line: 2 },
      { id: 'bob.k', name: 'Petrov, Boris', repo: 'https://git.example.edu/bob/lstm.git', extensionDays: 2, line: 3 },
      { id: 'cat_3', name: 'Cat', repo: 'git@github.com:cat/lstm.git', extensionDays: 0.5, line: 4 },
      { id: 'dan', name: 'Dan', repo: '/srv/git/dan.git', extensionDays: 0, line: 5 },
    ]);
  });

  it('the column extension_days is optional, and blank lines, CRLF and a BOM are fine', () => {
    const dir = tempDir('roster');
    const file = path.join(dir, 'roster.csv');
    writeFileSync(file, '\uFEFFid,name,repo\r\n\r\nann,Ann,a\r\nbob,Bob,b\r\n');
    expect(readRoster(file).map((e) => [e.id, e.line, e.extensionDays])).toEqual(
      [
        ['ann', 3],
        ['bob', 4],
      ].map(([id, line]) => [id, line, 0]),
    );
  });

  it('a duplicate id names both lines', () => {
    expect(errorOf(['id,name,repo', 'ann,Ann,a', 'bob,Bob,b', 'ann,Anna,c'])).toBe(
      ' line 4: id "ann" is already used on line 2; give each student their own id',
    );
  });

  it('ids that differ only in case clash (one folder on macOS and Windows)', () => {
    expect(errorOf(['id,name,repo', 'Ann,Ann,a', 'ann,Anna,c'])).toMatch(
      /^ line 3: id "ann" differs only in case from "Ann" on line 2/,
    );
  });

  it('an id that is not a safe folder name, with its line and how to fix it', () => {
    expect(errorOf(['id,name,repo', 'ann,Ann,a', '../evil,Eve,e'])).toBe(
      ` line 3: id "../evil" is not valid; use letters (any alphabet), digits, '-', '_' and '.', starting with a letter or digit, with no '..' (the id becomes the student's folder name)`,
    );
    for (const id of ['.repos', 'a..b', 'a/b', 'a b', 'x.', '.'])
      expect(errorOf(['id,name,repo', `${id},X,x`])).toMatch(/^ line 2: id ".*" is not valid/);
    expect(errorOf(['id,name,repo', 'Manifest.json,X,x'])).toMatch(
      /^ line 2: id "Manifest.json" is the name of collect's own manifest file/,
    );
  });

  it('a missing column, an unknown one and a repeated one are header errors on line 1', () => {
    expect(errorOf(['id,name', 'ann,Ann'])).toBe(
      ' line 1 (the header): missing column "repo"; the header must name id, name and repo (and optionally extension_days)',
    );
    expect(errorOf(['id,name,repo,extension', 'ann,Ann,a,2'])).toMatch(
      /^ line 1 \(the header\): unknown column "extension"; the columns are id, name, repo, extension_days/,
    );
    expect(errorOf(['id,name,repo,id', 'ann,Ann,a,b'])).toMatch(/^ line 1 \(the header\): column "id" appears twice/);
  });

  it('empty cells, bad extensions, option-like repos and unknown URL schemes name the field', () => {
    expect(errorOf(['id,name,repo', 'ann,,a'])).toBe(" line 2: name is empty; write the student's name");
    expect(errorOf(['id,name,repo,extension_days', 'ann,Ann,a,two'])).toMatch(
      /^ line 2: extension_days "two" is not valid; write a number of days from 0 to 365/,
    );
    expect(errorOf(['id,name,repo,extension_days', 'ann,Ann,a,400'])).toMatch(
      /^ line 2: extension_days 400 is not valid/,
    );
    expect(errorOf(['id,name,repo', 'ann,Ann,--upload-pack=touch /tmp/x'])).toMatch(
      /^ line 2: repo "--upload-pack=touch \/tmp\/x" is not valid; .*may not start with '-'/,
    );
    expect(errorOf(['id,name,repo', 'ann,Ann,ftp://host/a.git'])).toMatch(
      /^ line 2: repo "ftp:\/\/host\/a.git" uses the scheme "ftp"/,
    );
  });

  it('a row with the wrong number of cells, and a quoted name over two lines', () => {
    expect(errorOf(['id,name,repo', 'ann,Ann,a', 'bob,Petrov, Boris,b'])).toMatch(
      /^ line 3: not valid CSV \(.*\); every row needs the same cells as the header/,
    );
    expect(errorOf(['id,name,repo', 'ann,"Anna\nIvanova",a', 'ann,Ann,b'])).toBe(
      ' line 4: id "ann" is already used on line 2; give each student their own id',
    );
  });

  it('an empty roster, a header alone, and a missing file', () => {
    expect(errorOf([''])).toMatch(/^: the roster is empty/);
    expect(errorOf(['id,name,repo'])).toMatch(/^: the roster has a header but no students/);
    expect(() => readRoster('/no/such/roster.csv')).toThrow(
      /^\/no\/such\/roster\.csv: roster not found; pass a CSV file whose header is id,name,repo/,
    );
  });
});
