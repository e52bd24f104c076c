#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry faster than an ES module one.
require('../dist/bundle/start.cjs');
