// One config for `npm run lint` and n8n's own `npx n8n-node lint` (which runs `eslint .`):
// - the package n8n loads (nodes/, credentials/, package.json): the rules of n8n's
//   community-package scanner (@n8n/scan-community-package) — n8n's community-nodes
//   plugin and eslint-plugin-n8n-nodes-base's three rulesets;
// - the code around it (test/, scripts/, sandbox/, build files), which runs in Node.js
//   and never inside n8n: ESLint's and typescript-eslint's recommended rules.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PACKAGE_CODE = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const TOOLING_TS = ['test/**/*.ts'];
const TOOLING_JS = [
	'test/**/*.js',
	'scripts/**/*.js',
	'scripts/**/*.mjs',
	'sandbox/**/*.js',
	'*.js',
	'*.mjs',
];

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },

	// The package n8n loads.
	{ files: [...PACKAGE_CODE, 'package.json'], ...n8nCommunityNodesPlugin.configs.recommended },
	{ files: PACKAGE_CODE, rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: [...PACKAGE_CODE, 'package.json'], languageOptions: { parser: tseslint.parser } },

	// Tests, scripts, the sandbox and build files: plain Node.js programs.
	{
		files: TOOLING_JS,
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
	},
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
	...tseslint.configs.recommended.map((config) => ({ ...config, files: TOOLING_TS })),
	{
		files: TOOLING_TS,
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		// Tests read n8n's run records, JSON of any shape.
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		files: TOOLING_JS,
		rules: {
			'no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
			],
		},
	},
	// The editor test hands functions to the browser (page.evaluate).
	{
		files: ['**/ui-test.js', 'test/editor/**/*.js'],
		languageOptions: { globals: { ...globals.browser } },
	},
);
