'use strict';
/**
 * Runs a command as a child process and collects what it prints: resolves with {code, stdout,
 * stderr, ms}. `input` (a string) goes to its standard input; `timeoutMs` kills it (SIGKILL);
 * `onSpawn(child)` sees the process as soon as it runs.
 */
const { spawn } = require('node:child_process');

function runProcess(command, args, { cwd, env, input, timeoutMs = 300000, onSpawn } = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
		onSpawn?.(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
		if (input !== undefined) child.stdin.end(input);
	});
}

module.exports = { runProcess };
