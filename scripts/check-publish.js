'use strict';
/**
 * `npm run check:publish`: what n8n's verification and npm publishing need, checked where a
 * check is possible (run after `npm run build`):
 * - `npm pack --dry-run --json` lists exactly dist/ plus README.md, LICENSE and package.json,
 *   with every node and credential of package.json's `n8n` section in it;
 * - every node has a codex file (<Node>.node.json) in dist/ with its node type, categories and
 *   documentation links;
 * - MIT licence, a CHANGELOG.md entry for the version, the community-node keyword, no runtime
 *   dependencies, n8n-workflow as the only peer dependency;
 * - .github/workflows/publish.yml publishes with provenance on a version tag.
 * Prints one line per check and "N passed, N failed".
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const results = [];

function check(name, fn) {
	try {
		const problems = [fn()].flat().filter(Boolean);
		results.push({ name, ok: problems.length === 0, problems });
	} catch (error) {
		results.push({ name, ok: false, problems: [error.message] });
	}
}

function packList() {
	const out = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`npm pack --dry-run failed: ${out.stderr}`);
	const [info] = JSON.parse(out.stdout.slice(out.stdout.indexOf('[')));
	return info.files.map((f) => f.path);
}

const files = packList();
const TOP_LEVEL = ['LICENSE', 'README.md', 'package.json'];

check('npm pack lists exactly dist/ plus README.md, LICENSE and package.json', () => [
	...files.filter((f) => !f.startsWith('dist/') && !TOP_LEVEL.includes(f)).map((f) => `unexpected file in the package: ${f}`),
	...TOP_LEVEL.filter((f) => !files.includes(f)).map((f) => `missing from the package: ${f}`),
	files.some((f) => f.startsWith('dist/')) ? undefined : 'no dist/ files (run npm run build first)',
]);

check('the benchmark (bench/, its floor node) is not shipped', () => [
	...files.filter((f) => f.startsWith('bench/') || /BenchFloor/.test(f)).map((f) => `benchmark file in the package: ${f}`),
	...[...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => /bench/i.test(f)).map((f) => `benchmark entry in the n8n section: ${f}`),
]);

check("every node and credential of package.json's n8n section is packed", () =>
	[...pkg.n8n.nodes, ...pkg.n8n.credentials].filter((f) => !f.startsWith('dist/') || !files.includes(f)).map((f) => `not in the package: ${f}`),
);

for (const nodeFile of pkg.n8n.nodes) {
	const codexFile = nodeFile.replace(/\.js$/, '.json');
	check(`codex file ${codexFile}`, () => {
		if (!files.includes(codexFile)) return `missing from the package: ${codexFile}`;
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, codexFile), 'utf8'));
		const { description } = new (Object.values(require(path.join(ROOT, nodeFile)))[0])();
		const problems = [];
		if (codex.node !== `${pkg.name}.${description.name}`) problems.push(`"node" is ${codex.node}, expected ${pkg.name}.${description.name}`);
		if (!codex.nodeVersion || !codex.codexVersion) problems.push('nodeVersion and codexVersion are required');
		if (!Array.isArray(codex.categories) || !codex.categories.length) problems.push('no categories');
		const docs = codex.resources?.primaryDocumentation ?? [];
		if (!docs.length || !docs.every((d) => /^https:\/\//.test(d.url))) problems.push('resources.primaryDocumentation needs https links');
		const credentialDocs = codex.resources?.credentialDocumentation ?? [];
		if ((description.credentials ?? []).length && (!credentialDocs.length || !credentialDocs.every((d) => /^https:\/\//.test(d.url)))) {
			problems.push('resources.credentialDocumentation needs https links');
		}
		return problems;
	});
}

check('MIT licence', () => [
	pkg.license === 'MIT' ? undefined : `package.json license is ${pkg.license}`,
	/MIT License/.test(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')) ? undefined : 'LICENSE is not the MIT licence text',
]);

check(`CHANGELOG.md has an entry for ${pkg.version}`, () => {
	const file = path.join(ROOT, 'CHANGELOG.md');
	if (!fs.existsSync(file)) return 'CHANGELOG.md is missing';
	const escaped = pkg.version.replace(/\./g, '\\.');
	return new RegExp(`^## \\[?${escaped}\\]?`, 'm').test(fs.readFileSync(file, 'utf8')) ? undefined : `no "## [${pkg.version}]" heading`;
});

check('package.json is a community node package', () => [
	pkg.keywords?.includes('n8n-community-node-package') ? undefined : 'keyword n8n-community-node-package is missing',
	Object.keys(pkg.dependencies ?? {}).length ? 'runtime dependencies are not allowed' : undefined,
	JSON.stringify(pkg.peerDependencies) === JSON.stringify({ 'n8n-workflow': '*' }) ? undefined : 'the only peer dependency must be "n8n-workflow": "*"',
	pkg.n8n?.n8nNodesApiVersion === 1 ? undefined : 'n8n.n8nNodesApiVersion must be 1',
]);

check('.github/workflows/publish.yml publishes with provenance on a version tag', () => {
	const file = path.join(ROOT, '.github/workflows/publish.yml');
	if (!fs.existsSync(file)) return 'the file is missing';
	const lines = fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((l) => l.trim() && !l.trim().startsWith('#'));
	const text = lines.join('\n');
	const block = (key, indent) => {
		const start = lines.findIndex((l) => l === `${' '.repeat(indent)}${key}:` || l.startsWith(`${' '.repeat(indent)}${key}: `));
		if (start < 0) return undefined;
		const body = [];
		for (const l of lines.slice(start + 1)) {
			if (l.length - l.trimStart().length <= indent) break;
			body.push(l);
		}
		return [lines[start], ...body].join('\n');
	};
	const problems = [];
	const on = block('on', 0) ?? block('"on"', 0) ?? block("'on'", 0);
	if (!on || !/^\s+push:/m.test(on) || !/^\s+tags:/m.test(on) || !/['"]?v[*0-9]/.test(on)) problems.push('"on: push: tags:" with a v* pattern is missing');
	if (on && /^\s+(pull_request|branches):/m.test(on)) problems.push('it must run on tags only');
	const permissions = block('permissions', 0) ?? block('permissions', 4);
	if (!permissions || !/^\s+id-token:\s*write\s*$/m.test(permissions)) problems.push('"permissions: id-token: write" is missing');
	if (!/uses:\s*actions\/checkout@/.test(text)) problems.push('no actions/checkout step');
	if (!/uses:\s*actions\/setup-node@/.test(text)) problems.push('no actions/setup-node step');
	const publish = lines.findIndex((l) => /run:\s*npm publish --provenance --access public\s*$/.test(l));
	if (publish < 0) problems.push('no "run: npm publish --provenance --access public" step');
	const build = lines.findIndex((l) => /run:\s*npm run build\s*$/.test(l));
	if (build < 0 || build > publish) problems.push('"npm run build" must run before publishing');
	const self = lines.findIndex((l) => /run:\s*node scripts\/check-publish\.js\s*$/.test(l));
	if (self < 0 || self > publish) problems.push('scripts/check-publish.js must run before publishing');
	return problems;
});

let failed = 0;
for (const r of results) {
	console.log(`  ${r.ok ? '✓' : '✗'} ${r.name}`);
	for (const p of r.problems) console.log(`      ${p}`);
	if (!r.ok) failed += 1;
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
