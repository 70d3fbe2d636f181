import fs from 'node:fs';
import path from 'node:path';

const { examples, EXAMPLES_DIR } = require('../e2e/workflows');

describe('examples/', () => {
	it('holds exactly the workflows the builders make', () => {
		const files = fs.readdirSync(EXAMPLES_DIR).filter((f: string) => f.endsWith('.json')).sort();
		expect(files).toEqual(Object.keys(examples()).sort());
	});

	it.each(Object.keys(examples()))('%s is the workflow the tests run, with the sample paths (regenerate: node test/e2e/workflows.js)', (file) => {
		expect(JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'))).toEqual(examples()[file]);
	});
});
