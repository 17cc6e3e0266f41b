#!/usr/bin/env node
// The gatelab command. The kit is written in TypeScript and run through tsx's require hook, so
// there is no build step and no stale output to go wrong.
'use strict';
require('tsx/cjs/api').register();
require('../grader/cli.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
