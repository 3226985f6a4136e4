'use strict';
/**
 * The n8n versions this package is proven on: the one place that names them.
 * `npm start`, the bench, the editor and queue tests use LATEST; the
 * end-to-end suite runs every version in PROVEN.
 */
const LATEST = '2.41.1';
/** The newest n8n that runs on Node.js 20. */
const NODE20 = '2.8.4';

/** The newest n8n 1.x, the line many self-hosters still run. */
const N8N1 = '1.123.81';
/** Where the AI Agent test runs: the newest n8n, whose AI nodes users meet first. */
const AGENT_VERSIONS = [LATEST];

module.exports = { LATEST, NODE20, N8N1, PROVEN: [LATEST, NODE20, N8N1], AGENT_VERSIONS };
