import fs from 'node:fs';

const { exampleWorkflow, EXAMPLE_FILE } = require('../e2e/workflows');

describe('examples/edit-product-photos.json', () => {
	it('is the workflow the tests run, with the sample paths (regenerate: node test/e2e/workflows.js)', () => {
		expect(JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8'))).toEqual(exampleWorkflow());
	});
});
