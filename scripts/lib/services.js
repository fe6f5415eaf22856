'use strict';
/**
 * The services n8n's queue mode needs besides n8n itself, started as child processes of the
 * test run (scripts/queue.js): PostgreSQL (Debian's, `initdb` into a temporary folder) and Redis
 * (Debian's redis-server, nothing persisted). Each listens on 127.0.0.1 on a free port of its
 * own, keeps everything under the folder it is given, and is stopped by its process id.
 * Missing binaries are installed with apt-get (postgresql, redis-server) when the run may do so
 * (root); otherwise the error says what to install.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { stopChild, tail } = require('./n8n');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sh(command, args, options = {}) {
	const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
	if (result.error) throw result.error;
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${tail((result.stdout || '') + (result.stderr || ''), 20)}`);
	return result.stdout;
}

/** `apt-get install -y <packages>` (after `apt-get update` if the first try fails). */
function aptInstall(packages, log) {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`${packages.join(', ')} missing: install ${packages.length > 1 ? 'them' : 'it'} (apt-get install -y ${packages.join(' ')})`);
	}
	log(`Installing ${packages.join(', ')} with apt-get (first run only)...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { env, encoding: 'utf8' });
	let result = install();
	if (result.status !== 0) {
		sh('apt-get', ['update'], { env });
		result = install();
	}
	if (result.status !== 0) throw new Error(`apt-get install ${packages.join(' ')} failed:\n${tail(result.stdout + result.stderr, 20)}`);
}

/** What `find()` finds, after installing `packages` with apt-get when it finds nothing at first. */
function findOrInstall(find, packages, what, log) {
	let found = find();
	if (!found) {
		aptInstall(packages, log);
		found = find();
	}
	if (!found) throw new Error(`no ${what} after installing ${packages.join(', ')}`);
	return found;
}

/** The bin folder of Debian's PostgreSQL (the newest under /usr/lib/postgresql), installing it when missing. */
function postgresBinDir(log = console.error) {
	const root = '/usr/lib/postgresql';
	const find = () =>
		fs.existsSync(root)
			? fs
					.readdirSync(root)
					.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres')) && fs.existsSync(path.join(root, v, 'bin', 'initdb')))
					.sort((a, b) => Number(b) - Number(a))
					.map((v) => path.join(root, v, 'bin'))[0]
			: undefined;
	return findOrInstall(find, ['postgresql'], 'PostgreSQL server under /usr/lib/postgresql/*/bin', log);
}

/** redis-server's path, installing it when missing. */
function redisServerPath(log = console.error) {
	const find = () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
	return findOrInstall(find, ['redis-server'], 'redis-server', log);
}

/**
 * PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user
 * (created by Debian's package), which then owns its folder.
 */
function postgresUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const uid = Number(sh('id', ['-u', 'postgres']).trim());
	const gid = Number(sh('id', ['-g', 'postgres']).trim());
	return { uid, gid };
}

/** Spawns a long-running service in its own process group, its output into `logFile`. */
function spawnService(command, args, { logFile, uid, gid, env = process.env }) {
	const fd = fs.openSync(logFile, 'a');
	try {
		return spawn(command, args, { stdio: ['ignore', fd, fd], detached: true, env, ...(uid !== undefined ? { uid, gid } : {}) });
	} finally {
		fs.closeSync(fd);
	}
}

/** Waits until `probe()` resolves truthy, failing early when the child exits. */
async function waitFor(what, child, probe, { timeoutMs = 60000, logFile } = {}) {
	let exited;
	child.once('exit', (code, signal) => (exited = code ?? signal));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited !== undefined) throw new Error(`${what} exited (${exited}) before it was ready:\n${logFile ? tail(fs.readFileSync(logFile, 'utf8'), 20) : ''}`);
		if (await probe().catch(() => false)) return;
		if (Date.now() > deadline) throw new Error(`${what} was not ready after ${timeoutMs / 1000} s`);
		await sleep(100);
	}
}

/**
 * A PostgreSQL cluster in a temporary folder of its own (`pgdata` in a new `paysystems-postgres-…` folder under the system temp folder:
 * trust authentication, no durability, fsync off; it lives as long as the test run), listening
 * on 127.0.0.1:`port`, its unix socket in `<folder>/pgsocket`, and a database `database` in it.
 * Returns {host, port, user, database, dir, socketDir, version, pid, env (n8n's DB_* variables),
 * dump(), psql(sql), stop()}; stop() removes the folder unless `keep`.
 */
async function startPostgres({ port, database = 'n8n', keep = false, log = console.error }) {
	const bin = postgresBinDir(log);
	const owner = postgresUser();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysystems-postgres-'));
	const dataDir = path.join(dir, 'pgdata');
	const socketDir = path.join(dir, 'pgsocket');
	const logFile = path.join(dir, 'postgres.log');
	fs.mkdirSync(socketDir, { recursive: true });
	if (owner.uid !== undefined) {
		// The server's user must reach its folders (mkdtemp makes them 0700, owned by root).
		fs.chownSync(dir, owner.uid, owner.gid);
		fs.chownSync(socketDir, owner.uid, owner.gid);
		fs.mkdirSync(dataDir, { recursive: true });
		fs.chownSync(dataDir, owner.uid, owner.gid);
		fs.writeFileSync(logFile, '');
		fs.chownSync(logFile, owner.uid, owner.gid);
	}
	const asOwner = owner.uid !== undefined ? { uid: owner.uid, gid: owner.gid } : {};
	// HOME/locale: initdb as another user must not look into root's home; C.UTF-8 exists everywhere.
	const env = { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
	sh(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions'], { ...asOwner, env, cwd: dir });
	const child = spawnService(
		path.join(bin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-k', socketDir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=100',
		],
		{ logFile, env, ...asOwner },
	);
	const psql = (args) => sh(path.join(bin, 'psql'), ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAt', ...args], { env, cwd: dir });
	try {
		await waitFor('PostgreSQL', child, async () => spawnSync(path.join(bin, 'pg_isready'), ['-h', socketDir, '-p', String(port), '-q']).status === 0, { logFile });
		psql(['-d', 'postgres', '-c', `create database ${database}`]);
	} catch (error) {
		await stopChild(child, { signal: 'SIGINT' });
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const version = psql(['-d', database, '-c', 'show server_version']).trim();
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database,
		dir,
		socketDir,
		version,
		pid: child.pid,
		child,
		logFile,
		/** What n8n needs to use it. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		},
		/** The whole database as SQL text (pg_dump), to look for secrets stored in clear. */
		dump: () => sh(path.join(bin, 'pg_dump'), ['-h', socketDir, '-p', String(port), '-U', 'postgres', '--data-only', '--inserts', database], { env, cwd: dir }),
		psql: (sql) => psql(['-d', database, '-c', sql]),
		/** Fast shutdown (SIGINT: open sessions are ended), then the folder goes (unless `keep`). */
		async stop() {
			await stopChild(child, { signal: 'SIGINT' });
			if (!keep) fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Sends one inline command to Redis and resolves with the first reply line. */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let data = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error('no answer from Redis'));
		}, timeoutMs);
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(data.split('\r\n')[0]);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/**
 * Redis on 127.0.0.1:`port`, nothing persisted (no RDB snapshots, no AOF), its working folder
 * `<dir>/redis`. Returns {host, port, version, pid, env (n8n's QUEUE_BULL_REDIS_*), stop()}.
 */
async function startRedis({ dir, port, log = console.error }) {
	const bin = redisServerPath(log);
	const workDir = path.join(dir, 'redis');
	fs.mkdirSync(workDir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const child = spawnService(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir, '--daemonize', 'no', '--logfile', ''],
		{ logFile },
	);
	try {
		await waitFor('Redis', child, async () => (await redisCommand(port, 'PING')) === '+PONG', { logFile });
	} catch (error) {
		await stopChild(child);
		throw error;
	}
	const version = (/redis_version:(\S+)/.exec(sh(bin, ['--version'])) || /v=(\S+)/.exec(sh(bin, ['--version'])) || [])[1];
	return {
		host: '127.0.0.1',
		port,
		version,
		pid: child.pid,
		child,
		logFile,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		command: (c) => redisCommand(port, c),
		stop: () => stopChild(child),
	};
}

module.exports = { startPostgres, startRedis, postgresBinDir, redisServerPath };
