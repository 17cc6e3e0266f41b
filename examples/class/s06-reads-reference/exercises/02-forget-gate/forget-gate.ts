// An example submission that tries to use the teacher's reference instead of writing its own code.
import * as fs from 'fs';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference = require('../../../../solutions/02-forget-gate/forget-gate');

let stolen = '';
try {
  stolen = fs.readFileSync(path.join(__dirname, '../../../../../solutions/02-forget-gate/forget-gate.ts'), 'utf8');
} catch {
  stolen = '';
}

export const sigmoid = reference.sigmoid;
export const forgetGateForward = reference.forgetGateForward;
export const forgetGateBackward = reference.forgetGateBackward;
export const retention = reference.retention;
export const halfLife = reference.halfLife;
export const leaked = stolen.length;
