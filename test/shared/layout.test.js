'use strict';
/**
 * The shipped code stays a layout a newcomer can live in (CONTRIBUTING.md): no file in nodes/
 * over 300 lines, no line in nodes/ or credentials/ over 120 characters, and no comment citing
 * notes that are not in the repository (vendors' public docs and code are cited by URL).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir) {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const rel = path.join(dir, entry.name);
		if (entry.isDirectory()) return filesUnder(rel);
		return entry.name.endsWith('.ts') ? [rel] : [];
	});
}

const SHIPPED = [...filesUnder('nodes'), ...filesUnder('credentials')];
const read = (file) => fs.readFileSync(path.join(ROOT, file), 'utf8');

test('no file in nodes/ is over 300 lines', () => {
	const long = filesUnder('nodes')
		.map((file) => [file, read(file).split('\n').length - 1])
		.filter(([, lines]) => lines > 300);
	expect(long).toEqual([]);
});

test('no line in nodes/ or credentials/ is over 120 characters', () => {
	const long = SHIPPED.flatMap((file) =>
		read(file)
			.split('\n')
			.map((line, i) => [file, i + 1, line.length])
			.filter(([, , length]) => length > 120),
	);
	expect(long).toEqual([]);
});

test('comments cite public sources, not notes outside the repository', () => {
	const offending = SHIPPED.filter((file) => /\.\.\/shared\/(api|seeds)|shared\/api\/[a-z-]+\.md/.test(read(file)));
	expect(offending).toEqual([]);
});

test('no file of the repository points at notes outside it (cite the vendors\' public pages)', () => {
	const tracked = require('node:child_process')
		.execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
		.split('\n')
		.filter((file) => /\.(ts|js|md|json|sh)$/.test(file) && !file.endsWith('package-lock.json'));
	const pattern = /\/work\/(notes|shared)|\.\.\/shared\/(api|seeds|n8n-notes)|shared\/api\/[a-z-]+\.md|n8n-notes\.md/;
	const offending = tracked.filter((file) => fs.existsSync(path.join(ROOT, file)) && pattern.test(read(file)));
	expect(offending).toEqual([]);
});
