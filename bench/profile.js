'use strict';
/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of an `n8n execute` run and says where the CPU time
 * of the node under test went, by category: the samples taken while the node ran, each charged
 * to the nearest frame (from the leaf up) that a category claims. Idle time is left out.
 */
const fs = require('node:fs');

/** Categories, first match from the leaf up wins; url substrings (or function names for V8's own entries). */
const CATEGORIES = [
	['garbage collection', (f) => f.functionName === '(garbage collector)'],
	[
		'expressions (isolated VM)',
		(f) => /@n8n\/expression-runtime|isolated-vm|@n8n\/tournament|riot-tmpl|n8n-workflow\/dist\/cjs\/(expression|workflow-data-proxy|extensions|expression-evaluator)/.test(f.url),
	],
	[
		'credentials (read, decrypt, authenticate)',
		(f) => /credentials-helper|n8n-core\/dist\/credentials|crypto-js|typeorm|sqlite3|@n8n\/db|credentials\.repository|Bitrix24WebhookApi\.credentials|authenticate/.test(f.url) || /^(getDecrypted|getCredentials|authenticate|decrypt)$/.test(f.functionName),
	],
	['package code (nodes/shared, node)', (f) => /n8n-nodes-paysystems\/dist\//.test(f.url)],
	['HTTP Request node code', (f) => /n8n-nodes-base\/dist\/nodes\/HttpRequest/.test(f.url)],
	[
		'HTTP client (axios, sockets)',
		(f) => /axios|follow-redirects|request-helper-functions|form-data|node:_http|node:http|node:net|node:internal\/(http|streams?|net|dns|url|stream_base|timers)|node:tls|node:events|node:zlib/.test(f.url),
	],
	[
		'routing engine (parameters, node helpers)',
		(f) => /routing-node|node-helpers|node-parameters|node-execution-context|get-node-parameter|validate-field-type|n8n-workflow\/dist\/cjs\/(node-helpers|node-parameters|workflow\.js)/.test(f.url),
	],
	['n8n workflow engine, data, other', (f) => /n8n-core|n8n\/dist|@n8n\/|n8n-workflow/.test(f.url)],
];

function categorize(frame) {
	for (const [name, test] of CATEGORIES) if (test(frame)) return name;
	return undefined;
}

/**
 * The node's run in the profile: from `fromMs` after the profile started (when n8n's process
 * started: the node's startTime minus the moment the process was spawned), for `durationMs`
 * (n8n's executionTime for the node). Returns {windowMs, cpuMs, byCategory: {name: ms},
 * topSelf: [{name, ms}]}.
 */
function analyseProfile(file, { fromMs, durationMs }) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	// The category of a sample: the nearest frame from its leaf up that a category claims.
	const leafCategory = new Map();
	const categoryFromLeaf = (id) => {
		if (leafCategory.has(id)) return leafCategory.get(id);
		let cur = id;
		let cat;
		while (cur !== undefined && !cat) {
			cat = categorize(byId.get(cur).callFrame);
			cur = parent.get(cur);
		}
		leafCategory.set(id, cat || 'other');
		return cat || 'other';
	};
	const from = profile.startTime + fromMs * 1000;
	const to = from + durationMs * 1000;
	const byCategory = {};
	const self = new Map();
	let cpuUs = 0;
	let t = profile.startTime;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i] || 0;
		const dt = profile.timeDeltas[i + 1] || 0;
		if (t < from || t > to) continue;
		const node = byId.get(profile.samples[i]);
		if (node.callFrame.functionName === '(idle)') continue;
		cpuUs += dt;
		const cat = categoryFromLeaf(profile.samples[i]);
		byCategory[cat] = (byCategory[cat] || 0) + dt / 1000;
		const f = node.callFrame;
		const key = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) || 0) + dt / 1000);
	}
	const topSelf = [...self.entries()]
		.sort((x, y) => y[1] - x[1])
		.slice(0, 15)
		.map(([name, ms]) => ({ name, ms: Math.round(ms) }));
	return {
		windowMs: Math.round(durationMs),
		cpuMs: Math.round(cpuUs / 1000),
		byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, Math.round(v)])),
		topSelf,
	};
}

function shortUrl(url) {
	const m = /node_modules\/(.*)$/.exec(url || '');
	return m ? m[1] : url || '';
}

const CATEGORY_NAMES = [...CATEGORIES.map(([name]) => name), 'other'];

module.exports = { analyseProfile, CATEGORY_NAMES };
