// What the Testing view's bench (testingView.ts) and its extension-host side (testingHost.ts) share.

/** The workspace's sets files: one per function, each with this many sets. */
export const TESTING_FUNCTIONS = 100;
export const TESTING_SETS = 10;

/** The yardstick: an extension whose test controller has no items (testingView.ts writes it). */
export const EMPTY_CONTROLLER_EXTENSION_ID = 'notte-bench.empty-controller';
/** Its command answering when its resolve handler was called and returned ({ calledAt, returnedAt }, Date.now()). */
export const EMPTY_CONTROLLER_RESOLVES = 'notteBenchEmptyController.resolves';
