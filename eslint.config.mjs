import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'demo-output/**', 'test-artifacts/**'] },

	// What n8n's verification gate checks, on the files that are published.
	{
		...n8nCommunityNodesPlugin.configs.recommended,
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Written for n8n's own repository, whose documentation URLs are slugs, not full URLs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These expect the strings "main"; NodeConnectionTypes.Main is the typed form of the same.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Number of Images is capped at 8 by the API itself, so its maxValue is a real limit.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], rules: { 'no-console': 'error' } },

	// Tests and scripts: plain TypeScript hygiene.
	...tseslint.configs.recommended.map((c) => ({ ...c, files: ['test/**/*.ts'] })),
	{
		files: ['test/**/*.ts'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
];
