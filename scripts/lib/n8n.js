'use strict';
/**
 * A real n8n for `npm start`, the end-to-end tests and the browser test, in one place:
 * installing it (scripts/ensure-n8n.sh: n8n 2.41.1 on Node 24, cached outside the package),
 * building and packing this package, installing the tarball into an n8n user folder the way the
 * editor's Community Nodes page does, importing credentials and workflows through n8n's CLI,
 * running `n8n execute`, starting `n8n start` (or, in queue mode, `n8n worker` and `n8n webhook`),
 * setting up the owner account, running a workflow through the REST API, and reading stored
 * executions from n8n's database (SQLite, or PostgreSQL in queue mode: scripts/queue.js).
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { runProcess } = require('./process');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = require(path.join(ROOT, 'package.json'));

/** The login `npm start` sets up (a local demo instance only: change it for anything else). */
const DEMO_OWNER = {
	email: 'demo@paysystems.example',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'PaySystems-demo-1',
};

const log = (...args) => console.error(...args);

function run(command, args, { cwd = ROOT, env = process.env, quiet = false } = {}) {
	const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) {
		const detail = quiet ? `\n${result.stdout || ''}${result.stderr || ''}` : '';
		throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})${detail}`);
	}
	return result.stdout;
}

/** As run(), without blocking the event loop (so that a caller can report progress meanwhile). */
function runAsync(command, args, { cwd = ROOT, env = process.env, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: quiet ? 'pipe' : ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr?.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) return resolve(stdout);
			const detail = quiet ? `\n${stdout}${stderr}` : '';
			reject(new Error(`${command} ${args.join(' ')} failed (exit ${code})${detail}`));
		});
	});
}

/** Installs the package's own devDependencies when missing or out of date (scripts/bootstrap.sh). */
async function bootstrap() {
	await runAsync('bash', [path.join(ROOT, 'scripts/bootstrap.sh')]);
}

/** Whether bootstrap() has nothing to install (the stamp scripts/bootstrap.sh leaves is current). */
function dependenciesCurrent() {
	const stamp = path.join(ROOT, 'node_modules/.paysystems-deps');
	if (!fs.existsSync(stamp)) return false;
	const want = crypto.createHash('sha256').update(Buffer.concat(['package.json', 'package-lock.json'].map((f) => fs.readFileSync(path.join(ROOT, f))))).digest('hex');
	return fs.readFileSync(stamp, 'utf8').trim() === want;
}

/** The folder scripts/ensure-n8n.sh installs n8n into, and whether it is complete there. */
function n8nCache() {
	const cache = process.env.PAYSYSTEMS_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-paysystems');
	const dir = path.join(cache, `n8n-${process.env.N8N_VERSION || '2.41.1'}`);
	return { dir, ready: fs.existsSync(path.join(dir, '.ready')) };
}

/** The cached n8n install (installs it on first use). */
async function ensureN8n() {
	const dir = (await runAsync('bash', [path.join(ROOT, 'scripts/ensure-n8n.sh')])).trim().split('\n').pop();
	if (!fs.existsSync(path.join(dir, 'node_modules/.bin/n8n'))) throw new Error(`no n8n in ${dir}`);
	return dir;
}

/** `npm run build` (unless build: false); n8n-node's compiler and gulp, into dist/. */
async function build() {
	await runAsync('npm', ['run', '--silent', 'build'], { quiet: true });
}

/** `npm pack` into `dest`: the tarball users would install (of dist/ as it is). */
async function pack(dest) {
	fs.mkdirSync(dest, { recursive: true });
	const out = await runAsync('npm', ['pack', '--json', '--pack-destination', dest], { quiet: true });
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	return { tarball: path.join(dest, info.filename), shasum: info.shasum, version: info.version, files: info.files.map((f) => f.path) };
}

/** `npm run build` then `npm pack` into `dest`. */
async function buildAndPack(dest, { build: rebuild = true } = {}) {
	if (rebuild) await build();
	return await pack(dest);
}

/** The `name` in a package tarball's package.json. */
function packageNameOf(tarball) {
	const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], { quiet: true }));
	if (!manifest.name) throw new Error(`${tarball} has no package name`);
	return manifest.name;
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` as n8n 2.41's CommunityPackagesService
 * does for Settings → Community Nodes → Install: the tarball extracted into
 * `nodes/node_modules/<name>` (the name read from the tarball: this package, or another one such
 * as the benchmark's floor node), its dev/peer/optional dependencies dropped from its
 * package.json, `npm install` inside it (shallow, no scripts, no lockfile), and the version
 * recorded in `nodes/package.json`. Skipped when the same tarball is already installed.
 */
function installPackage(userFolder, tarball, shasum) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const name = packageNameOf(tarball);
	const target = path.join(nodesDir, 'node_modules', name);
	const marker = path.join(target, '.installed-from');
	if (isInstalled(userFolder, shasum, name)) return false;
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const pkgFile = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], { cwd: target, quiet: true });
	}
	const ledgerFile = path.join(nodesDir, 'package.json');
	const ledger = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, 'utf8')) : { name: 'installed-nodes', private: true };
	ledger.dependencies = { ...(ledger.dependencies || {}), [name]: pkg.version };
	fs.writeFileSync(ledgerFile, JSON.stringify(ledger, null, 2));
	if (shasum) fs.writeFileSync(marker, shasum);
	return true;
}

/** Whether the tarball with this shasum is what installPackage() last installed (this package by default). */
function isInstalled(userFolder, shasum, name = PACKAGE.name) {
	const marker = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name, '.installed-from');
	return Boolean(shasum) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === shasum;
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * One n8n "instance": the cached install plus a user folder (database, encryption key,
 * installed community packages). `brokerPort`: the task runner broker's port (5679 by default
 * in n8n; tests take a free one so that they run next to a started n8n). `postgres`: the
 * PostgreSQL server of scripts/lib/services.js when the instance uses it (its DB_* variables go
 * into `env`); else the instance's own SQLite file.
 */
function instance({ n8nDir, userFolder, brokerPort, env = {}, postgres }) {
	const bin = path.join(n8nDir, 'node_modules/.bin');
	const baseEnv = {
		...process.env,
		PATH: `${bin}${path.delimiter}${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...(brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } : {}),
		...(postgres ? postgres.env : {}),
		...env,
	};
	const db = database(n8nDir, userFolder, postgres);
	// npm scripts export npm_* variables and a PATH whose node may be Node 20: n8n needs Node 24.
	for (const key of Object.keys(baseEnv)) if (key.startsWith('npm_')) delete baseEnv[key];

	/**
	 * Runs `n8n <args>`; resolves with {code, stdout, stderr, ms}. `onSpawn(child)` sees the n8n
	 * process as soon as it runs (to sample its memory, for instance).
	 */
	function cli(args, { env: extra = {}, timeoutMs = 300000, onSpawn } = {}) {
		return runProcess(path.join(bin, 'n8n'), args, {
			cwd: userFolder,
			env: { ...baseEnv, ...extra },
			timeoutMs,
			onSpawn: (child) => {
				running.add(child);
				child.on('exit', () => running.delete(child));
				onSpawn?.(child);
			},
		});
	}

	async function mustCli(args, options) {
		const result = await cli(args, options);
		if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`);
		return result;
	}

	/** `n8n import:credentials`: plain `data` is encrypted with the instance's key on import. */
	async function importCredentials(credentials) {
		const file = path.join(userFolder, `import-credentials-${process.pid}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		try {
			return await mustCli(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow --separate`: all workflows in one call (each keeps its id). */
	async function importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(userFolder, 'import-workflows-'));
		try {
			workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(wf, null, 2)));
			return await mustCli(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: the run's JSON is printed through n8n's logger (level
	 * info), after a few log lines. Returns {code, ms, stdout, stderr, run (parsed or undefined)}.
	 * Options as for cli() (`env` is added to N8N_LOG_LEVEL=info).
	 */
	async function execute(id, { env: extra = {}, ...options } = {}) {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput'], { ...options, env: { N8N_LOG_LEVEL: 'info', ...extra } });
		return { ...result, run: parseRunOutput(result.stdout) };
	}

	/** Starts `n8n start` on `port`; resolves once /healthz/readiness answers 200. */
	function start({ port = 5678, onOutput, readyTimeoutMs = 180000, env: extra = {} } = {}) {
		return startProcess('start', {
			port,
			onOutput,
			readyTimeoutMs,
			env: { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: 'localhost', N8N_EDITOR_BASE_URL: `http://localhost:${port}`, ...extra },
		});
	}

	/**
	 * Starts `n8n <command>` (start, worker, webhook) in its own process group and resolves once
	 * http://127.0.0.1:<port>/healthz/readiness answers 200 (for a worker: its health server,
	 * QUEUE_HEALTH_CHECK_PORT). Returns {url, child, pid, output(), stop()}.
	 */
	async function startProcess(command, { port, onOutput, readyTimeoutMs = 180000, env: extra = {} }) {
		const child = spawn(path.join(bin, 'n8n'), [command], { cwd: userFolder, env: { ...baseEnv, ...extra }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let output = '';
		const collect = (d) => {
			output += d;
			if (output.length > 200000) output = output.slice(-100000);
			onOutput?.(String(d));
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		let exited = null;
		child.on('exit', (code, signal) => (exited = { code, signal }));
		const deadline = Date.now() + readyTimeoutMs;
		for (;;) {
			if (exited) throw new Error(`n8n ${command} exited (${exited.code ?? exited.signal}) before it was ready:\n${tail(output)}`);
			try {
				const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
				if (res.ok) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				await stopChild(child);
				throw new Error(`n8n ${command} was not ready after ${readyTimeoutMs / 1000} s:\n${tail(output)}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		return {
			url: `http://localhost:${port}`,
			child,
			pid: child.pid,
			output: () => output,
			stop: () => stopChild(child),
		};
	}

	/** `n8n publish:workflow --id=<id>` (n8n 2.x's activation; takes effect at the next start). */
	async function publishWorkflows(ids) {
		for (const id of ids) await mustCli(['publish:workflow', `--id=${id}`]);
	}

	return {
		n8nDir,
		userFolder,
		env: baseEnv,
		cli,
		importCredentials,
		importWorkflows,
		publishWorkflows,
		execute,
		start,
		startProcess,
		readExecution: (id) => readExecution(db, id),
		execution: (executionId) => readExecutionById(db, executionId),
		executions: (id) => listExecutions(db, id),
		staticData: (id) => readStaticData(db, id),
		databaseFiles: () => databaseFiles(userFolder),
		/** Secrets stored in clear in the instance's database (its files, or a dump of PostgreSQL). */
		databaseLeaks: (secrets) => (postgres ? secretsIn(postgres.dump(), secrets).map((s) => `PostgreSQL: ${s.slice(0, 4)}…`) : databaseLeaks(userFolder, secrets)),
		closeDatabase: () => db.close(),
	};
}

/** The `n8n <command>` CLI processes running now (see stopCommands). */
const running = new Set();

/** Stops the n8n CLI commands still running (an import when the user presses Ctrl-C). */
function stopCommands() {
	return Promise.all([...running].map((child) => stopChild(child)));
}

/**
 * Stops a detached child and its process group (`signal`, then SIGKILL after `graceMs`);
 * resolves when it has exited.
 */
function stopChild(child, { signal = 'SIGTERM', graceMs = 10000 } = {}) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const kill = (signal) => {
			try {
				process.kill(-child.pid, signal);
			} catch {
				try {
					child.kill(signal);
				} catch {
					/* gone */
				}
			}
		};
		const timer = setTimeout(() => kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		kill(signal);
	});
}

function tail(text, lines = 40) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The JSON document `n8n execute --rawOutput` prints among its log lines: from a line that is
 * just `{` to the next line that is just `}` (on failure n8n prints the error after it).
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start);
	if (end < 0) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * Owner account: POST /rest/owner/setup (open until an owner exists). On an instance that has
 * one already, checks that the login works instead. Returns the session cookie.
 */
async function setupOwner(url, owner = DEMO_OWNER) {
	const post = (p, body, headers = {}) =>
		fetch(`${url}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
	let res = await post('/rest/owner/setup', owner);
	if (res.ok) return { created: true, cookie: res.headers.get('set-cookie') };
	res = await post('/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	if (res.ok) return { created: false, cookie: res.headers.get('set-cookie') };
	throw new Error(`could not set up or log in as ${owner.email}: HTTP ${res.status} ${await res.text()}`);
}

/** The session cookie (name=value) of a Set-Cookie header, for the Cookie header of later calls. */
const sessionCookie = (setCookie) => String(setCookie || '').split(';')[0];

/**
 * Runs a saved workflow from its Manual Trigger as the editor's "Execute workflow" button does
 * (POST /rest/workflows/<id>/run), logged in with `cookie` (setupOwner()); resolves with the
 * new execution's id. In queue mode with OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true the main
 * process only enqueues it and a worker runs it.
 */
async function runFromEditor(url, cookie, workflow) {
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${workflow.name}: no Manual Trigger to run it from`);
	const res = await fetch(`${url}/rest/workflows/${workflow.id}/run`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Cookie: sessionCookie(cookie) },
		body: JSON.stringify({ triggerToStartFrom: { name: trigger.name } }),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST /rest/workflows/${workflow.id}/run → HTTP ${res.status}: ${text.slice(0, 300)}`);
	const executionId = JSON.parse(text).data?.executionId;
	if (!executionId) throw new Error(`POST /rest/workflows/${workflow.id}/run started no execution: ${text.slice(0, 300)}`);
	return String(executionId);
}

/**
 * Publishes (activates) saved workflows as the editor's Publish button does (GET the workflow
 * for its current versionId, then POST /rest/workflows/<id>/activate), logged in with `cookie`.
 * Unlike `n8n publish:workflow` (one CLI start per workflow, before n8n starts), it takes effect
 * at once in the running main process: its triggers' webhooks are registered and their
 * activation hooks have run when it resolves. A workflow whose current version is already the
 * published one is left as it is (a warm `npm start`).
 */
async function publishFromEditor(url, cookie, workflowIds) {
	const headers = { 'Content-Type': 'application/json', Cookie: sessionCookie(cookie) };
	for (const id of workflowIds) {
		const got = await fetch(`${url}/rest/workflows/${id}`, { headers });
		if (!got.ok) throw new Error(`GET /rest/workflows/${id} → HTTP ${got.status}: ${(await got.text()).slice(0, 300)}`);
		const { versionId, activeVersionId } = (await got.json()).data;
		if (activeVersionId === versionId) continue;
		const res = await fetch(`${url}/rest/workflows/${id}/activate`, { method: 'POST', headers, body: JSON.stringify({ versionId }) });
		if (!res.ok) throw new Error(`POST /rest/workflows/${id}/activate → HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
	}
}

/** The database files of an instance (SQLite plus its write-ahead log). */
function databaseFiles(userFolder) {
	const base = path.join(userFolder, '.n8n', 'database.sqlite');
	return [base, `${base}-wal`].filter((f) => fs.existsSync(f));
}

/**
 * Read-only queries on an instance's database: its SQLite file through the sqlite3 addon of the
 * n8n install (readable while n8n runs: WAL mode), or PostgreSQL through the n8n install's `pg`
 * (a small pool, closed by close()). query(sql, params, {all}): every row, else the first (or
 * undefined). Write the SQL for both: identifiers in double quotes, `?` placeholders.
 */
function database(n8nDir, userFolder, postgres) {
	if (postgres) {
		let pool;
		return {
			flatted: () => require(path.join(n8nDir, 'node_modules/flatted')),
			async query(sql, params = [], { all = false } = {}) {
				if (!pool) {
					const { Pool } = require(path.join(n8nDir, 'node_modules/pg'));
					pool = new Pool({ host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database, max: 2, allowExitOnIdle: true });
				}
				let n = 0;
				const { rows } = await pool.query(sql.replace(/\?/g, () => `$${++n}`), params);
				return all ? rows : rows[0];
			},
			async close() {
				if (pool) await pool.end();
				pool = undefined;
			},
		};
	}
	return {
		flatted: () => require(path.join(n8nDir, 'node_modules/flatted')),
		query(sql, params = [], { all = false } = {}) {
			const sqlite3 = require(path.join(n8nDir, 'node_modules/sqlite3'));
			const file = path.join(userFolder, '.n8n', 'database.sqlite');
			return new Promise((resolve, reject) => {
				const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
					if (error) return reject(error);
					db[all ? 'all' : 'get'](sql, params, (err, result) => {
						db.close();
						if (err) reject(err);
						else resolve(result);
					});
				});
			});
		},
		close: async () => {},
	};
}

/** n8n stores execution data with `flatted`: kept raw (as stored) and parsed. */
function withExecutionData(db, row) {
	if (!row) return undefined;
	const { parse } = db.flatted();
	return { ...row, raw: row.data ?? undefined, data: row.data ? parse(row.data) : undefined };
}

/**
 * Stored executions matching `where` (SQL over execution_entity `e`, `?` placeholders), each
 * with its execution_data (raw and parsed); `order` and `limit` as in SQL. An execution still
 * running may have no data yet (raw, data undefined).
 */
async function selectExecutions(db, where, params, { order = 'e.id', limit } = {}) {
	const rows = await db.query(
		`select e.id, e.status, e.mode, e.finished, e."workflowId", e."startedAt", e."stoppedAt", d.data
		 from execution_entity e left join execution_data d on d."executionId" = e.id
		 where ${where} order by ${order}${limit ? ` limit ${Number(limit)}` : ''}`,
		params,
		{ all: true },
	);
	return rows.map((row) => withExecutionData(db, row));
}

/** The latest stored execution of a workflow: {id, status, mode, finished, workflowId, startedAt, stoppedAt, raw, data}. */
async function readExecution(db, workflowId) {
	return (await selectExecutions(db, 'e."workflowId" = ?', [workflowId], { order: 'e.id desc', limit: 1 }))[0];
}

/** One stored execution by its id (as readExecution), or undefined. */
async function readExecutionById(db, executionId) {
	return (await selectExecutions(db, 'e.id = ?', [executionId]))[0];
}

/** Every stored execution of a workflow, oldest first (as readExecution). */
async function listExecutions(db, workflowId) {
	return await selectExecutions(db, 'e."workflowId" = ?', [workflowId]);
}

/** A workflow's static data as stored (what its triggers keep between calls), parsed; {} when none. */
async function readStaticData(db, workflowId) {
	const row = await db.query('select "staticData" from workflow_entity where id = ?', [workflowId]);
	const value = row?.staticData;
	if (!value) return {};
	return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Which of `secrets` occur in `text`. */
function secretsIn(text, secrets) {
	return secrets.filter((secret) => typeof text === 'string' && text.includes(secret));
}

/** Secrets stored in clear anywhere in an instance's database files, as "file: abcd…". */
function databaseLeaks(userFolder, secrets) {
	return databaseFiles(userFolder).flatMap((file) =>
		secretsIn(fs.readFileSync(file).toString('latin1'), secrets).map((s) => `${path.basename(file)}: ${s.slice(0, 4)}…`),
	);
}

/** `step(label, fn)`: runs fn, prints and records how long it took (in `timings`: [label, ms]). */
function stepTimer() {
	const timings = [];
	const step = async (label, fn) => {
		const started = Date.now();
		const value = await fn();
		timings.push([label, Date.now() - started]);
		console.log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return value;
	};
	return { step, timings };
}

/**
 * The production URL of a live workflow's trigger: <base>/webhook/<webhookId>/<path of the
 * trigger's webhook>, the path read from the built node's description (dist/).
 */
function triggerUrl(base, workflow) {
	const trigger = workflow.nodes.find((n) => n.webhookId && n.type.startsWith(`${PACKAGE.name}.`));
	if (!trigger) throw new Error(`${workflow.name}: no trigger of this package with a webhookId`);
	const description = PACKAGE.n8n.nodes
		.map((file) => new (Object.values(require(path.join(ROOT, file)))[0])().description)
		.find((d) => `${PACKAGE.name}.${d.name}` === trigger.type);
	if (!description) throw new Error(`${workflow.name}: no built node of type ${trigger.type} in dist/`);
	const webhook = description.webhooks.find((w) => w.name === 'default');
	return `${base.replace(/\/$/, '')}/webhook/${trigger.webhookId}/${webhook.path}`;
}

/**
 * Whether a workflow is started by a webhook trigger of this package rather than by hand (no
 * Manual Trigger): it runs only while active in a started n8n (scripts/scenario.js), not through
 * `n8n execute` (scripts/e2e.js).
 */
function isLiveWorkflow(workflow) {
	const nodes = workflow.nodes || [];
	return (
		!nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger') &&
		nodes.some((n) => n.type.startsWith(`${PACKAGE.name}.`) && /Trigger$/.test(n.type))
	);
}

/** A stable hash of JSON-able values (to skip imports that would change nothing). */
function hashOf(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * A fresh n8n user folder with this package installed from its tarball, as the tests use it:
 * dependencies, the cached n8n, build (unless PAYSYSTEMS_SKIP_BUILD=1) and pack, install.
 * `step(label, fn)` times each part.
 */
async function prepareInstance({ prefix, step = (label, fn) => fn() }) {
	await step('dependencies', () => bootstrap());
	const n8nDir = await step('n8n install (cached)', () => ensureN8n());
	const userFolder = tempUserFolder(prefix);
	const pack = await step('build and npm pack', () => buildAndPack(path.join(userFolder, 'pack'), { build: process.env.PAYSYSTEMS_SKIP_BUILD !== '1' }));
	await step('install the tarball as a community package', () => installPackage(userFolder, pack.tarball, pack.shasum));
	const brokerPort = await freePort();
	return { n8nDir, userFolder, pack, instance: instance({ n8nDir, userFolder, brokerPort }) };
}

/** A fresh temporary user folder. */
function tempUserFolder(prefix = 'paysystems-n8n-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

module.exports = {
	ROOT,
	PACKAGE,
	DEMO_OWNER,
	log,
	bootstrap,
	dependenciesCurrent,
	n8nCache,
	ensureN8n,
	build,
	pack,
	buildAndPack,
	triggerUrl,
	installPackage,
	isInstalled,
	instance,
	prepareInstance,
	freePort,
	portIsFree,
	isLiveWorkflow,
	secretsIn,
	databaseLeaks,
	stepTimer,
	setupOwner,
	runFromEditor,
	publishFromEditor,
	stopChild,
	stopCommands,
	parseRunOutput,
	hashOf,
	tempUserFolder,
	tail,
};
