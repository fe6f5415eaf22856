'use strict';
/**
 * `npm start`: a real local n8n with this package, its example workflows and the API sandboxes.
 *
 * From a fresh clone: installs the devDependencies (scripts/bootstrap.sh) and n8n 2.41.1 on
 * Node 24 (scripts/ensure-n8n.sh, cached in ~/.cache/n8n-nodes-paysystems: first run only),
 * builds, packs the package with `npm pack` and installs the tarball into the n8n user folder
 * .n8n-local/ the way Settings → Community Nodes → Install does, starts the sandboxes on their
 * fixed ports with demo data (pointing at the trigger examples' production URLs), imports
 * credentials pointing at them and the example workflows, starts n8n on http://localhost:5678,
 * sets up the owner account, activates (publishes) the examples that start from a trigger of
 * this package, and prints the URL, the login and, for each example, the one step that runs it.
 * Long steps say what they do, how long they usually take and how long they have been running.
 * Ctrl-C stops n8n and the sandboxes. Later starts reuse everything that has not changed.
 *
 * Environment: N8N_PORT (5678), SANDBOX_PORT_<NAME>, PAYSYSTEMS_CACHE (where n8n is cached),
 * PAYSYSTEMS_LOCAL_N8N (the user folder, default .n8n-local), PAYSYSTEMS_VERBOSE=1 (n8n's log
 * on the terminal; it is always written to <user folder>/n8n.log), PAYSYSTEMS_SKIP_BUILD=1
 * (dist/ is fresh: pack it as it is).
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
		.map((f) => ({ name: f.replace(/\.json$/, ''), file: `examples/${f}`, workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

/**
 * How long the long steps usually take (measured on a shared 2-CPU machine; see the README's
 * "Try it"): said when a step starts.
 */
const USUALLY = {
	dependencies: 'about 2 minutes',
	n8n: '10 to 15 minutes',
	build: '10 to 25 s',
	import: '10 to 25 s',
	start: '15 to 30 s',
};

const duration = (ms) => (ms < 60000 ? `${(ms / 1000).toFixed(0)} s` : `${Math.floor(ms / 60000)} min ${String(Math.round((ms % 60000) / 1000)).padStart(2, '0')} s`);

/**
 * `say(text)` prints a line with the time since the start; `step(label, fn, usually)` says what
 * starts (and how long it usually takes), then, while fn runs, how long it has been running: on
 * a terminal one line kept up to date every second, otherwise a line every 30 s.
 */
function reporter() {
	const t0 = Date.now();
	const tty = Boolean(process.stdout.isTTY);
	const say = (text) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}`);
	const step = async (label, fn, usually) => {
		const started = Date.now();
		say(`${label}${usually ? ` (usually ${usually})` : ''}...`);
		let shown = false;
		const timer = setInterval(
			() => {
				const text = `        ... ${label.charAt(0).toLowerCase()}${label.slice(1)}: ${duration(Date.now() - started)} so far`;
				if (tty) process.stdout.write(`\r\x1b[K${text}`);
				else console.log(text);
				shown = true;
			},
			tty ? 1000 : 30000,
		);
		try {
			return await fn();
		} finally {
			clearInterval(timer);
			if (tty && shown) process.stdout.write('\r\x1b[K');
			if (Date.now() - started >= 2000) say(`${label}: done in ${duration(Date.now() - started)}.`);
		}
	};
	return { t0, say, step };
}

async function main() {
	const { t0, say, step } = reporter();
	if (!(await n8n.portIsFree(PORT))) {
		throw new Error(`port ${PORT} is in use (another n8n, or an earlier npm start?): stop it or set N8N_PORT`);
	}
	fs.mkdirSync(USER_FOLDER, { recursive: true });

	const depsCurrent = n8n.dependenciesCurrent();
	await step(depsCurrent ? 'Checking dependencies' : 'Installing the dependencies (npm install)', () => n8n.bootstrap(), depsCurrent ? undefined : USUALLY.dependencies);
	const cache = n8n.n8nCache();
	const n8nDir = await step(
		cache.ready ? 'Checking the n8n install' : `Installing n8n 2.41.1 and Node.js 24 into ${cache.dir} (first run only)`,
		() => n8n.ensureN8n(),
		cache.ready ? undefined : USUALLY.n8n,
	);

	const stamp = path.join(USER_FOLDER, 'built-at'); // outside dist/: it must not change the tarball
	const skipBuild = process.env.PAYSYSTEMS_SKIP_BUILD === '1';
	if (!skipBuild && !distIsFresh(stamp)) {
		await step('Building the package (TypeScript, icons)', () => n8n.build(), USUALLY.build);
		fs.writeFileSync(stamp, '');
	}
	// Packed and installed from this very build already (a warm start): nothing to pack.
	const packedFile = path.join(USER_FOLDER, 'packed.json');
	const builtAt = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : undefined;
	let pack = fs.existsSync(packedFile) ? JSON.parse(fs.readFileSync(packedFile, 'utf8')) : undefined;
	if (skipBuild || !pack || pack.builtAt !== builtAt || !n8n.isInstalled(USER_FOLDER, pack.shasum)) {
		pack = { ...(await step('Packing it (npm pack)', () => n8n.pack(path.join(USER_FOLDER, 'pack')))), builtAt };
		const installed = n8n.installPackage(USER_FOLDER, pack.tarball, pack.shasum);
		say(installed ? `Installed ${path.basename(pack.tarball)} into ${path.relative(ROOT, USER_FOLDER)}/.n8n/nodes` : 'The installed package is current.');
		fs.writeFileSync(packedFile, JSON.stringify(pack, null, 2));
	} else say('The installed package is current (dist/ has not changed since it was packed).');

	// The demo data points at the production URLs of the trigger examples (n8n gives its
	// triggers http://localhost:<port>/webhook/...).
	const list = examples();
	const live = list.filter((e) => n8n.isLiveWorkflow(e.workflow));
	const triggerUrls = Object.fromEntries(live.map((e) => [e.name, n8n.triggerUrl(`http://localhost:${PORT}`, e.workflow)]));
	const sandboxes = await startSandboxes({ ports: 'default', warn: (m) => say(m), demo: { triggerUrls } });
	for (const name of profilelessSandboxes(loadProfiles())) say(`sandboxes/${name}.js has no demo profile in sandboxes/demo/: not started.`);
	let server;
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandboxes...');
		await n8n.stopCommands();
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
		const saveLedger = () => fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
		const credentials = sandboxes.credentials();
		const credentialsHash = n8n.hashOf(credentials);
		if (ledger.credentials !== credentialsHash) {
			await step(`Importing ${credentials.length} credentials for the sandboxes (n8n import:credentials)`, () => instance.importCredentials(credentials), USUALLY.import);
			ledger.credentials = credentialsHash;
			saveLedger();
		}
		const changed = list.filter((e) => ledger.workflows[e.workflow.id] !== n8n.hashOf(e.workflow));
		if (changed.length) {
			await step(`Importing ${changed.length} example workflow(s) (n8n import:workflow)`, () => instance.importWorkflows(changed.map((e) => e.workflow)), USUALLY.import);
			for (const e of changed) ledger.workflows[e.workflow.id] = n8n.hashOf(e.workflow);
			saveLedger();
		}
		const logFile = fs.createWriteStream(path.join(USER_FOLDER, 'n8n.log'), { flags: 'a' });
		server = await step(
			`Starting n8n on port ${PORT}`,
			() =>
				instance.start({
					port: PORT,
					onOutput: (text) => {
						logFile.write(text);
						if (process.env.PAYSYSTEMS_VERBOSE === '1') process.stdout.write(text);
					},
				}),
			USUALLY.start,
		);
		server.child.on('exit', (code) => {
			if (stopping) return;
			console.error(`n8n exited (${code}); see ${path.relative(ROOT, USER_FOLDER)}/n8n.log`);
			server = undefined;
			stop(code || 1);
		});
		let login = `${n8n.DEMO_OWNER.email} / ${n8n.DEMO_OWNER.password}`;
		let owner;
		try {
			owner = await n8n.setupOwner(server.url);
			if (owner.created) say('Owner account set up.');
		} catch {
			login = 'the owner account you set up earlier (the demo login was changed)';
		}
		// The trigger examples run once active: activated after each import (an import leaves a
		// workflow inactive); a later start leaves one the user deactivated as it is.
		ledger.published = ledger.published || {};
		const toActivate = live.filter((e) => ledger.published[e.workflow.id] !== ledger.workflows[e.workflow.id]);
		const inactive = new Set();
		if (toActivate.length) {
			try {
				if (!owner) throw new Error('cannot log in as the demo owner');
				await step(`Activating ${toActivate.length} trigger example(s)`, () => n8n.publishFromEditor(server.url, owner.cookie, toActivate.map((e) => e.workflow.id)));
				for (const e of toActivate) ledger.published[e.workflow.id] = ledger.workflows[e.workflow.id];
				saveLedger();
			} catch (error) {
				say(`Could not activate the trigger examples (${error.message}): open each and press Publish.`);
				for (const e of toActivate) inactive.add(e.workflow.id);
			}
		}
		const seconds = ((Date.now() - t0) / 1000).toFixed(1);
		const fire = sandboxes.fire();
		console.log('');
		console.log(`n8n ${require(path.join(n8nDir, 'node_modules/n8n/package.json')).version} with ${n8n.PACKAGE.name} ${pack.version} is ready (${seconds} s)`);
		console.log(`  Editor: ${server.url}`);
		console.log(`  Login:  ${login}`);
		console.log('  Example workflows (Overview → Workflows), each with the one step that runs it:');
		for (const e of list) {
			console.log(`    ${e.workflow.name}   ${server.url}/workflow/${e.workflow.id}`);
			if (!n8n.isLiveWorkflow(e.workflow)) console.log('        run it: open it and press Execute workflow');
			else if (inactive.has(e.workflow.id)) console.log('        press Publish in the editor first; then see the note in the workflow');
			else console.log(`        active; fire its trigger: ${fire[e.name] ?? 'see the note in the workflow'}`);
		}
		console.log('  API sandboxes (the imported credentials point at them; Ctrl-C resets their data):');
		for (const line of describeSandboxes(sandboxes)) console.log(`  ${line}`);
		console.log(`  n8n log: ${path.relative(ROOT, USER_FOLDER)}/n8n.log   user folder: ${path.relative(ROOT, USER_FOLDER)}/`);
		console.log('Press Ctrl-C to stop n8n and the sandboxes.');
	} catch (error) {
		if (stopping) return; // Ctrl-C stopped what was running
		console.error(error.stack || String(error));
		await stop(1);
	}
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});
