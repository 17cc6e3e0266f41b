/**
 * Just enough YAML to read a GitHub Actions workflow written in block style: mappings, sequences
 * of mappings (`- key: value`), literal block scalars (`|`), plain and quoted scalars, comments.
 * Anything else (flow style, anchors, folded scalars, tabs) throws, so a workflow that drifts outside
 * this subset fails its test instead of being misread. Written for the tests: no YAML dependency.
 */
export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

export function parseYamlSubset(text: string): Yaml {
  if (text.includes('\t')) throw new Error('tabs are not allowed in YAML indentation');
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const blank = (line: string) => line.trim() === '' || line.trimStart().startsWith('#');
  const skipBlank = () => {
    while (i < lines.length && blank(lines[i])) i++;
  };
  const isItem = (line: string) => line.trimStart() === '-' || line.trimStart().startsWith('- ');

  function block(minIndent: number): Yaml {
    skipBlank();
    if (i >= lines.length || indentOf(lines[i]) < minIndent) return null;
    return isItem(lines[i]) ? sequence(indentOf(lines[i])) : mapping(indentOf(lines[i]));
  }

  function mapping(indent: number): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    for (;;) {
      skipBlank();
      if (i >= lines.length) return out;
      const line = lines[i];
      if (indentOf(line) < indent || (indentOf(line) === indent && isItem(line))) return out;
      if (indentOf(line) > indent) throw new Error(`line ${i + 1}: unexpected indentation: ${line.trim()}`);
      const m = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.trim());
      if (!m) throw new Error(`line ${i + 1}: not a "key: value" line: ${line.trim()}`);
      if (m[1] in out) throw new Error(`line ${i + 1}: duplicate key ${m[1]}`);
      i++;
      out[m[1]] = value(m[2], indent);
    }
  }

  function sequence(indent: number): Yaml[] {
    const out: Yaml[] = [];
    for (;;) {
      skipBlank();
      if (i >= lines.length || indentOf(lines[i]) !== indent || !isItem(lines[i])) return out;
      // "- key: value" opens a mapping whose keys line up two columns to the right of the dash.
      const rest = lines[i].trimStart().slice(1).trimStart();
      if (rest === '') {
        i++;
        out.push(block(indent + 1));
      } else if (/^[A-Za-z0-9_.-]+:(\s|$)/.test(rest)) {
        lines[i] = ' '.repeat(indent + 2) + rest;
        out.push(mapping(indent + 2));
      } else {
        i++;
        out.push(scalar(rest, i));
      }
    }
  }

  function value(rest: string | undefined, indent: number): Yaml {
    if (rest === undefined || rest === '') return block(indent + 1);
    if (rest === '|') return literal(indent);
    if (/^[|>]/.test(rest)) throw new Error(`line ${i}: only plain literal blocks (|) are supported`);
    return scalar(rest, i);
  }

  function literal(parentIndent: number): string {
    const body: string[] = [];
    let blockIndent = -1;
    while (i < lines.length) {
      const line = lines[i];
      if (line.trim() !== '') {
        if (indentOf(line) <= parentIndent) break;
        if (blockIndent < 0) blockIndent = indentOf(line);
        if (indentOf(line) < blockIndent) throw new Error(`line ${i + 1}: a literal block line is indented less than its first line`);
      }
      body.push(line.trim() === '' ? '' : line.slice(blockIndent));
      i++;
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    return body.join('\n') + '\n';
  }

  function scalar(raw: string, lineNumber: number): string {
    const text = raw.replace(/\s+#.*$/, '').trim();
    if (/^[[{&*!]/.test(text)) throw new Error(`line ${lineNumber}: flow style, anchors and tags are not supported`);
    if (text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
    if (text.startsWith('"') && text.endsWith('"')) return JSON.parse(text) as string;
    return text;
  }

  const doc = block(0);
  skipBlank();
  if (i < lines.length) throw new Error(`line ${i + 1}: could not be read: ${lines[i].trim()}`);
  return doc;
}
