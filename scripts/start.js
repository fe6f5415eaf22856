'use strict';
/**
 * `npm start`: a real local n8n with this package, its example workflows and the API sandboxes.
 *
 * From a fresh clone: installs the devDependencies (scripts/bootstrap.sh) and n8n 2.41.1 on
 * Node 24 (scripts/ensure-n8n.sh, cached in ~/.cache/n8n-nodes-paysystems: first run only),
 * builds, packs the package with `npm pack` and installs the tarball into the n8n user folder
 * .n8n-local/ the way Settings → Community Nodes → Install does, starts the sandboxes on their
 * fixed ports with demo data, imports credentials pointing at them and the example workflows,
 * starts n8n on http://localhost:5678, sets up the owner account and prints the URL and login.
 * Ctrl-C stops n8n and the sandboxes. Later starts reuse everything that has not changed.
 *
 * Environment: N8N_PORT (5678), SANDBOX_PORT_<NAME>, PAYSYSTEMS_CACHE (where n8n is cached),
 * PAYSYSTEMS_LOCAL_N8N (the user folder, default .n8n-local), PAYSYSTEMS_VERBOSE=1 (n8n's log
 * on the terminal; it is always written to <user folder>/n8n.log).
 */
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { describeSandboxes, loadProfiles, profilelessSandboxes, startSandboxes } = require('./sandboxes');

const ROOT = n8n.ROOT;
const USER_FOLDER = path.resolve(ROOT, process.env.PAYSYSTEMS_LOCAL_N8N || '.n8n-local');
const PORT = Number(process.env.N8N_PORT || 5678);
const SOURCES = ['nodes', 'credentials', 'package.json', 'tsconfig.json', 'gulpfile.js'];

function newestMtime(p) {
	const stat = fs.statSync(p);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Whether dist/ was built (by a start) after the last change to the sources. */
function distIsFresh(stamp) {
	if (!fs.existsSync(stamp)) return false;
	const entries = [...n8n.PACKAGE.n8n.nodes, ...n8n.PACKAGE.n8n.credentials];
	if (!entries.every((file) => fs.existsSync(path.join(ROOT, file)))) return false;
	const built = fs.statSync(stamp).mtimeMs;
	return SOURCES.every((s) => !fs.existsSync(path.join(ROOT, s)) || newestMtime(path.join(ROOT, s)) < built);
}

function examples() {
	const dir = path.join(ROOT, 'examples');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: `examples/${f}`, workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

async function main() {
	const t0 = Date.now();
	const say = (text) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}`);
	if (!(await n8n.portIsFree(PORT))) {
		throw new Error(`port ${PORT} is in use (another n8n, or an earlier npm start?): stop it or set N8N_PORT`);
	}
	fs.mkdirSync(USER_FOLDER, { recursive: true });

	say('Checking dependencies...');
	n8n.bootstrap();
	say('Checking the n8n install (the first run downloads n8n: a few minutes)...');
	const n8nDir = n8n.ensureN8n();

	const stamp = path.join(USER_FOLDER, 'built-at'); // outside dist/: it must not change the tarball
	const fresh = distIsFresh(stamp);
	say(fresh ? 'dist/ is up to date; packing...' : 'Building and packing the package...');
	const pack = n8n.buildAndPack(path.join(USER_FOLDER, 'pack'), { build: !fresh });
	if (!fresh) fs.writeFileSync(stamp, '');
	const installed = n8n.installPackage(USER_FOLDER, pack.tarball, pack.shasum);
	say(installed ? `Installed ${path.basename(pack.tarball)} into ${path.relative(ROOT, USER_FOLDER)}/.n8n/nodes` : 'The installed package is current.');

	const sandboxes = await startSandboxes({ ports: 'default', warn: (m) => say(m) });
	for (const name of profilelessSandboxes(loadProfiles())) say(`sandboxes/${name}.js has no demo profile in sandboxes/demo/: not started.`);
	let server;
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandboxes...');
		if (server) await server.stop();
		await sandboxes.close();
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));
	say(`Sandboxes running: ${sandboxes.entries.map((e) => `${e.profile.name} ${e.sandbox.url}`).join(', ')}`);

	try {
		const instance = n8n.instance({ n8nDir, userFolder: USER_FOLDER });
		// Import only what changed since the last start (a re-import replaces the workflow).
		const ledgerFile = path.join(USER_FOLDER, 'imported.json');
		const ledger = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, 'utf8')) : { workflows: {} };
		const credentials = sandboxes.credentials();
		const credentialsHash = n8n.hashOf(credentials);
		if (ledger.credentials !== credentialsHash) {
			say(`Importing ${credentials.length} credential(s) for the sandboxes...`);
			await instance.importCredentials(credentials);
			ledger.credentials = credentialsHash;
			fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
		}
		const list = examples();
		const changed = list.filter((e) => ledger.workflows[e.workflow.id] !== n8n.hashOf(e.workflow));
		if (changed.length) {
			say(`Importing ${changed.length} example workflow(s)...`);
			await instance.importWorkflows(changed.map((e) => e.workflow));
			for (const e of changed) ledger.workflows[e.workflow.id] = n8n.hashOf(e.workflow);
			fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
		}

		say(`Starting n8n on port ${PORT}...`);
		const logFile = fs.createWriteStream(path.join(USER_FOLDER, 'n8n.log'), { flags: 'a' });
		server = await instance.start({
			port: PORT,
			onOutput: (text) => {
				logFile.write(text);
				if (process.env.PAYSYSTEMS_VERBOSE === '1') process.stdout.write(text);
			},
		});
		server.child.on('exit', (code) => {
			if (stopping) return;
			console.error(`n8n exited (${code}); see ${path.relative(ROOT, USER_FOLDER)}/n8n.log`);
			server = undefined;
			stop(code || 1);
		});
		let login = `${n8n.DEMO_OWNER.email} / ${n8n.DEMO_OWNER.password}`;
		try {
			const owner = await n8n.setupOwner(server.url);
			if (owner.created) say('Owner account set up.');
		} catch {
			login = 'the owner account you set up earlier (the demo login was changed)';
		}
		const seconds = ((Date.now() - t0) / 1000).toFixed(1);
		console.log('');
		console.log(`n8n ${require(path.join(n8nDir, 'node_modules/n8n/package.json')).version} with ${n8n.PACKAGE.name} ${pack.version} is ready (${seconds} s)`);
		console.log(`  Editor: ${server.url}`);
		console.log(`  Login:  ${login}`);
		console.log('  Example workflows (Overview → Workflows):');
		for (const e of list) console.log(`    ${e.workflow.name}   ${server.url}/workflow/${e.workflow.id}`);
		console.log('  API sandboxes (the imported credentials point at them; Ctrl-C resets their data):');
		for (const line of describeSandboxes(sandboxes)) console.log(`  ${line}`);
		console.log(`  n8n log: ${path.relative(ROOT, USER_FOLDER)}/n8n.log   user folder: ${path.relative(ROOT, USER_FOLDER)}/`);
		console.log('Press Ctrl-C to stop n8n and the sandboxes.');
	} catch (error) {
		console.error(error.stack || String(error));
		await stop(1);
	}
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});
