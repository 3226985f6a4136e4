/** `npm run test:e2e`: the packed package inside real n8n installs (see test/e2e). */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/e2e/**/*.e2e.ts'],
	// First use installs n8n into the cache (~3–4 minutes per version).
	testTimeout: 15 * 60_000,
	// The files (one n8n version each, see test/e2e/parts.ts) side by side: they mostly wait
	// for n8n (its start, its one-minute poll and wait-tracker intervals). Three at a time: in CI
	// they share two cores with the editor and queue tests, and five at once starved n8n enough
	// to fail a run.
	maxWorkers: 3,
};
