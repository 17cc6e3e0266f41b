/**
 * The sandbox that runs untrusted student code in a child process, and the async proxy the trusted
 * side calls it through. See sandbox.ts for the proxy, isolation.ts for the OS layers, runner.ts for
 * the code that runs inside the child, codec.ts for how values cross.
 */
export { Sandbox } from './sandbox';
export type { ExportsOutcome } from './sandbox';
export { DEFAULT_LIMITS } from './types';
export { perturbVariants, stopsBatch } from './ops';
export type {
  CallFailure,
  CallOutcome,
  CallSpec,
  FailureKind,
  PerturbSpec,
  SandboxEvent,
  SandboxLimits,
} from './types';
export { decodeValue, encodeValue, isHandleRef, TransportError } from './codec';
export type { HandleRef, MatrixData } from './codec';
export { isolationDetails, probeIsolation, seedIsolationDetails } from './isolation';
export type { IsolationDetails, IsolationReport } from './isolation';
export { writeRunner, runnerSource } from './write-runner';
export {
  LAYERS,
  accepts,
  describeLayers,
  layerStates,
  missingLayers,
  parseAcceptance,
  refusedLayers,
  SandboxRefusedError,
  stagingLayers,
  LayerNameError,
  startupLines,
} from './layers';
export type { Acceptance, Layer, LayerState, LayerStatus } from './layers';
export { ownedTempDir, removeTempDir, removeTempDirSoon, sweepStaleTempDirs, tempDirsRemoved } from './temp';
