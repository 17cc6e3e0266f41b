/** What suite files import: checks, comparisons and fixture loading. */
export { check } from './check';
export { CheckTools, type CheckRecord } from './check-tools';
export {
  compareMatrix,
  closeNumber,
  rightMatrix,
  rightMatrices,
  gradientRelativeError,
  RTOL,
  ATOL,
  FD_TOLERANCE,
} from './compare';
export { parseFixture, stringifyFixture } from './codec';
export { publicCases } from './public-cases';
export { fill, text } from '../shared/messages';
export type { Plot, PlotSeries } from '../shared/results';
export { CASE_FAILURES, earlier, StudentFailure, StudentModule, STUB_MARKER, valueOf } from './student';
export { caseSeed, type GradingContext } from './context';
export { gradingContext } from './inject';
export { studentFiniteDifferences } from './finite-differences';
export { recognise, field, type Candidate } from './diagnose';
export { outputsText } from './diagnosis-text';
