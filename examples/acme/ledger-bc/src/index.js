'use strict';

// Entry point of the ledger bounded context: starts the ledger service workspace.
require('../packages/ledger-svc/src/index.js');
