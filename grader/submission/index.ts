/** A submission's files, listed and read within bounds: see list.ts for the rule on links and bounds.ts for the bounds. */
export { BOUNDS, UNBOUNDED, type Bounds } from './bounds';
export {
  exerciseSources,
  isIgnoredName,
  isSourcePath,
  listSubmission,
  type BoundName,
  type Entry,
  type Exceeded,
  type Listing,
} from './list';
export { jsonDepthExceeds, readInside, type ReadResult } from './read';
export { boundText, exceededText, grouped, shownPath, unreadText } from './messages';
export { readSource } from './source';
