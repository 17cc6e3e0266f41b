// The student kit's TypeScript loader (bin/gatelab.js of a released kit requires it first). Each .ts file the
// kit loads is compiled with esbuild to CommonJS once, and the result is kept in .gatelab/cache/ts/ under the
// hash of the file's path and text, so a later start compiles nothing. tsx's require hook, which the kit used
// before, keeps such a cache too, but also scans every JavaScript file it loads for ESM syntax: together that was
// a third of a cold `check`. The kit's code is CommonJS TypeScript and its packages are CommonJS, so a .ts hook
// is all it needs. Plain JavaScript (this file) because it is what makes TypeScript loadable; for the same reason
// it writes its cache with a rename of its own rather than grader/shared/atomic.ts.
'use strict';
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CACHE = path.join(__dirname, '..', '.gatelab', 'cache', 'ts');
// As the kit's tsconfig.json: target ES2022, so class fields have define semantics, as TypeScript gives them.
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  sourcesContent: false,
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
};
let esbuild;
let salt;

function compile(source, filename) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
}

/** The cached compilation of `source`, or a fresh one (then cached; a kit that cannot be written to compiles each time). */
function compiled(source, filename) {
  salt ??= `${require('esbuild/package.json').version}\u0000${JSON.stringify(OPTIONS)}`;
  const hash = createHash('sha256')
    .update(salt)
    .update('\u0000')
    .update(filename)
    .update('\u0000')
    .update(source)
    .digest('hex');
  const file = path.join(CACHE, `${hash}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // Not compiled yet.
  }
  const code = compile(source, filename);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
  return code;
}

if (!require.extensions['.ts']) {
  // Stack traces of the grader point at its TypeScript lines.
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = function loadTypeScript(module, filename) {
    module._compile(compiled(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
}
