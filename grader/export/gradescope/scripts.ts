/**
 * The two scripts Gradescope requires at the root of the bundle. setup.sh runs once, as root and
 * with internet access, when Gradescope builds the autograder image; run_autograder runs for every
 * submission, in /autograder. The bundle itself is built offline: nothing is downloaded until
 * Gradescope runs setup.sh.
 */
import { text } from '../../shared/messages';
import { CONFIG_FILE, DEFAULT_ROOT, ROOT_ENV, SECRET_FILE } from './layout';

export const NODE_MAJOR = 20;

export function setupScript(): string {
  return `#!/usr/bin/env bash
# gatelab autograder: set-up. Gradescope runs this once, as root, with internet access, when it
# builds the autograder image (Ubuntu base image). It installs Node ${NODE_MAJOR} and the grader's
# runtime dependencies; nothing here runs per submission.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
NODE_MAJOR=${NODE_MAJOR}
SOURCE="\${${ROOT_ENV}:-${DEFAULT_ROOT}}/source"

# util-linux brings prlimit, unshare and setpriv, the sandbox's OS layers (it skips any that the
# container does not allow, and says so in the autograder output).
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg xz-utils util-linux

have_node() {
  command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge "$NODE_MAJOR" ]
}

install_from_nodesource() {
  curl -fsSL "https://deb.nodesource.com/setup_\${NODE_MAJOR}.x" -o /tmp/nodesource_setup.sh &&
    bash /tmp/nodesource_setup.sh &&
    apt-get install -y nodejs
}

install_from_tarball() {
  # The official build, checked against the release's SHASUMS256.txt.
  local arch base name
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "no Node.js build for $(uname -m)" >&2; return 1 ;;
  esac
  base="https://nodejs.org/dist/latest-v\${NODE_MAJOR}.x"
  curl -fsSL "$base/SHASUMS256.txt" -o /tmp/node-SHASUMS256.txt
  name="$(grep -o "node-v[0-9.]*-linux-$arch\\.tar\\.xz" /tmp/node-SHASUMS256.txt | head -n 1)"
  [ -n "$name" ] || { echo "no linux-$arch tarball listed in $base/SHASUMS256.txt" >&2; return 1; }
  curl -fsSL "$base/$name" -o "/tmp/$name"
  (cd /tmp && grep " $name\\$" node-SHASUMS256.txt | sha256sum -c -)
  tar -xJf "/tmp/$name" -C /usr/local --strip-components=1
}

if ! have_node; then
  install_from_nodesource || install_from_tarball
fi
have_node || { echo "Node.js $NODE_MAJOR could not be installed" >&2; exit 1; }
node --version

cd "$SOURCE"
npm ci --omit=dev --no-audit --no-fund
# Teacher-only files: unreadable to the sandbox's user (run_autograder sets this again every run).
chmod 600 ${SECRET_FILE}
chmod 700 solutions
if [ -d datasets ]; then chmod 700 datasets; fi
# Fail the image build now, not at the first submission, if the grader cannot load.
node -e 'require("tsx/cjs/api").register(); require("./grader/shared/catalog.ts").loadCatalog(".")'
echo "gatelab autograder ready"
`;
}

/** Inline Node program: loads the grader through tsx (as bin/gatelab.js does) and runs the autograder. */
const RUN_NODE = [
  'require("tsx/cjs/api").register();',
  'require("./grader/export/gradescope/run.ts").main().then(',
  '(code) => { process.exitCode = code; },',
  '(err) => { console.error(err); process.exitCode = 1; });',
].join(' ');

/**
 * Written when Node itself cannot run (not installed, a broken bundle): Gradescope must still get a
 * results.json, and the student a reason. The text says so in both course languages.
 */
export function lastResortResults(): string {
  const said = text('teacher.gradescope.cannotStart');
  return JSON.stringify({
    score: 0,
    output: `${said.ru}\n\n${said.en}`,
    output_format: 'simple_format',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    extra_data: { gatelab: { failure: 'grader' } },
    tests: [],
  });
}

export function runAutograderScript(): string {
  return `#!/usr/bin/env bash
# gatelab autograder: grades /autograder/submission with the hidden suites and writes
# /autograder/results/results.json in Gradescope's format. Gradescope runs it for every submission,
# as root, in /autograder. ${ROOT_ENV} moves the root (the tests use a temporary folder).
set -uo pipefail
ROOT="\${${ROOT_ENV}:-${DEFAULT_ROOT}}"
export ${ROOT_ENV}="$ROOT"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
cd "$ROOT/source" && node -e '${RUN_NODE}'
status=$?
if [ ! -s "$RESULTS" ]; then
  echo "gatelab: the grader stopped (exit $status) without writing results.json; writing a score of 0 with a message" >&2
  cat > "$RESULTS" <<'GATELAB_RESULTS'
${lastResortResults()}
GATELAB_RESULTS
fi
# results.json is written whatever the grade: the run succeeded as far as Gradescope is concerned.
exit 0
`;
}

export const BUNDLE_README = `# gatelab autograder bundle (teacher-only)

Upload this zip as a Gradescope programming assignment's autograder (base image: Ubuntu).

- \`setup.sh\` installs Node ${NODE_MAJOR} and the grader's dependencies when Gradescope builds the image.
- \`run_autograder\` grades each submission with the hidden suites and writes \`results.json\`.
- \`${CONFIG_FILE}\`: the feedback language and which field of Gradescope's user record is the student id.
- \`${SECRET_FILE}\` holds the course secret the hidden cases are drawn from. This bundle is
  teacher-only: never publish it or share it with students.
`;
