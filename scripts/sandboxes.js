'use strict';
/**
 * `npm run sandbox`: starts every API sandbox that has a demo profile in sandboxes/demo/ on its
 * fixed default port, seeds its demo data and prints its URLs; Ctrl-C stops them.
 * Also a module: `npm start`, the end-to-end tests and the browser test start the sandboxes
 * through startSandboxes() (fixed ports, or free ones with `ports: 'free'`).
 *
 * A demo profile (sandboxes/demo/<api>.js) exports: name, title, defaultPort,
 * start({port}) → sandbox (with .url), seed(sandbox, demo), credentials(sandbox) → [{id, name,
 * type, data}] for `n8n import:credentials`, secrets(sandbox) → strings that must never show in
 * n8n's stored data, describe(sandbox) → lines to print, optionally fire(sandbox) → {<example
 * file name>: the one step that fires that example's trigger}, and browser: what the editor
 * test does.
 * `demo` (given to startSandboxes by `npm start` and the demo test; {} otherwise):
 * {triggerUrls: {<example file name>: production URL of its trigger}}, so that the demo data can
 * point at the example workflows (the Invoicebox shop's notification URL, for instance).
 * Port of one sandbox: SANDBOX_PORT_<NAME> (e.g. SANDBOX_PORT_BITRIX24=4201).
 */
const fs = require('node:fs');
const path = require('node:path');

const DEMO_DIR = path.resolve(__dirname, '../sandboxes/demo');

function loadProfiles() {
	return fs
		.readdirSync(DEMO_DIR)
		.filter((f) => f.endsWith('.js'))
		.sort()
		.map((f) => {
			const profile = require(path.join(DEMO_DIR, f));
			for (const key of ['name', 'defaultPort', 'start', 'seed', 'credentials', 'secrets']) {
				if (profile[key] === undefined) throw new Error(`sandboxes/demo/${f} lacks "${key}"`);
			}
			return profile;
		});
}

/** API sandboxes under sandboxes/ without a demo profile (so not started: worth a warning). */
function profilelessSandboxes(profiles) {
	const names = new Set(profiles.map((p) => p.name));
	return fs
		.readdirSync(path.resolve(__dirname, '../sandboxes'))
		.filter((f) => f.endsWith('.js') && f !== 'common.js')
		.map((f) => f.replace(/\.js$/, ''))
		.filter((n) => !names.has(n));
}

async function post(url, body) {
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
	if (!res.ok) throw new Error(`POST ${url} → HTTP ${res.status}`);
	return await res.json();
}

/**
 * Starts every profiled sandbox and seeds it. `ports`: 'default' (fixed ports; a busy one is
 * replaced by a free one with a warning unless `strictPorts`) or 'free'. `demo`: see above.
 */
async function startSandboxes({ ports = 'default', strictPorts = false, seed = true, warn = console.error, demo = {} } = {}) {
	const profiles = loadProfiles();
	const started = [];
	try {
		for (const profile of profiles) {
			const envPort = process.env[`SANDBOX_PORT_${profile.name.toUpperCase()}`];
			let port = ports === 'free' ? 0 : Number(envPort || profile.defaultPort);
			let sandbox;
			try {
				sandbox = await profile.start({ port });
			} catch (error) {
				if (error.code !== 'EADDRINUSE' || strictPorts || port === 0) throw error;
				warn(`Port ${port} for the ${profile.name} sandbox is in use: using a free port instead.`);
				port = 0;
				sandbox = await profile.start({ port });
			}
			started.push({ profile, sandbox });
		}
	} catch (error) {
		await Promise.all(started.map(({ sandbox }) => sandbox.close()));
		throw error;
	}
	const env = {
		entries: started,
		byName: Object.fromEntries(started.map(({ profile, sandbox }) => [profile.name, sandbox])),
		/** Empties every sandbox (state, call log, faults) and seeds its demo data again. */
		async reset() {
			for (const { profile, sandbox } of started) {
				await post(`${sandbox.url}/_sandbox/reset`, {});
				await profile.seed(sandbox, demo);
			}
		},
		/** A sandbox's state as its /_sandbox/state control endpoint returns it. */
		async state(name) {
			const sandbox = env.byName[name];
			if (!sandbox) throw new Error(`no sandbox named ${name}`);
			const res = await fetch(`${sandbox.url}/_sandbox/state`);
			return await res.json();
		},
		/** {<example file name>: the one step in a sandbox that fires its trigger} */
		fire: () => Object.assign({}, ...started.map(({ profile, sandbox }) => profile.fire?.(sandbox) ?? {})),
		credentials: () => started.flatMap(({ profile, sandbox }) => profile.credentials(sandbox)),
		secrets: () => started.flatMap(({ profile, sandbox }) => profile.secrets(sandbox)).filter(Boolean),
		close: () => Promise.all(started.map(({ sandbox }) => sandbox.close())),
	};
	if (seed) for (const { profile, sandbox } of started) await profile.seed(sandbox, demo);
	return env;
}

/** Lines describing the running sandboxes. */
function describeSandboxes(env) {
	const lines = [];
	for (const { profile, sandbox } of env.entries) {
		lines.push(`  ${profile.title || profile.name}: ${sandbox.url}`);
		for (const line of profile.describe?.(sandbox) || []) lines.push(`      ${line}`);
		lines.push(`      what it holds and can do: ${sandbox.url}/_sandbox/   state: ${sandbox.url}/_sandbox/state`);
	}
	return lines;
}

module.exports = { loadProfiles, profilelessSandboxes, startSandboxes, describeSandboxes };

if (require.main === module) {
	(async () => {
		const env = await startSandboxes({ ports: 'default' });
		for (const name of profilelessSandboxes(loadProfiles())) {
			console.error(`sandboxes/${name}.js has no demo profile in sandboxes/demo/: not started.`);
		}
		console.log('API sandboxes running (Ctrl-C stops them):');
		for (const line of describeSandboxes(env)) console.log(line);
		const stop = async () => {
			await env.close();
			process.exit(0);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	})().catch((error) => {
		console.error(error.stack || String(error));
		process.exit(1);
	});
}
