const fs = require('fs');
const path = require('path');
const { task, src, dest } = require('gulp');

// A build starts from nothing: a file whose source was removed or renamed is not packed.
task('build:clean', () => fs.promises.rm('dist', { recursive: true, force: true }));

// tsc compiles the TypeScript; the icons and the node's codex file are copied next to it.
task('build:icons', () =>
	Promise.all([
		copy(path.join('nodes', '**', '*.{png,svg,json}'), path.join('dist', 'nodes')),
		copy(path.join('credentials', '**', '*.{png,svg}'), path.join('dist', 'credentials')),
	]),
);

function copy(from, to) {
	return new Promise((resolve, reject) => {
		src(from, { encoding: false }).pipe(dest(to)).on('finish', resolve).on('error', reject);
	});
}
