'use strict';
/**
 * The example workflows (examples/*.json) and the end-to-end test workflows are importable as
 * they are: n8n's shape, a Manual Trigger to start from (or, for live workflows, a trigger of
 * this package with a fixed webhook ID), this package's node types as the Community Nodes page
 * names them, valid resources and operations, credentials by the ids the sandbox demo profiles
 * import, and an end-to-end check for each. (They run in a real n8n: scripts/e2e.js runs those
 * started by hand, scripts/scenario.js activates the live ones.)
 */
const fs = require('node:fs');
const path = require('node:path');

const { isLiveWorkflow } = require('../scripts/lib/n8n');
const { startSandboxes } = require('../scripts/sandboxes');
const { LIVE_EXAMPLES } = require('../scripts/scenario');

const ROOT = path.resolve(__dirname, '..');
const pkg = require('../package.json');

const nodeTypes = Object.fromEntries(
	pkg.n8n.nodes.map((file) => {
		const { description } = new (Object.values(require(path.join(ROOT, file)))[0])();
		return [`${pkg.name}.${description.name}`, description];
	}),
);

const workflowFiles = ['examples', 'test/e2e/workflows'].flatMap((dir) =>
	fs
		.readdirSync(path.join(ROOT, dir))
		.filter((f) => f.endsWith('.json'))
		.map((f) => path.join(dir, f)),
);
const workflows = workflowFiles.map((file) => [file, JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'))]);

let sandboxes;
let credentials;
beforeAll(async () => {
	sandboxes = await startSandboxes({ ports: 'free', seed: false });
	credentials = sandboxes.credentials();
});
afterAll(async () => sandboxes.close());

test('there are examples', () => {
	expect(workflowFiles.filter((f) => f.startsWith('examples/')).length).toBeGreaterThan(0);
});

test('workflow ids are unique and valid n8n ids', () => {
	const ids = workflows.map(([, wf]) => wf.id);
	expect(new Set(ids).size).toBe(ids.length);
	for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,21}$/);
});

test('the live examples the scenario runs exist, and live workflow webhook IDs are unique', () => {
	for (const name of Object.values(LIVE_EXAMPLES)) {
		const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));
		expect(isLiveWorkflow(wf)).toBe(true);
	}
	const webhookIds = workflows.flatMap(([, wf]) => wf.nodes.filter((n) => n.webhookId).map((n) => n.webhookId));
	expect(new Set(webhookIds).size).toBe(webhookIds.length);
});

test('credential ids of the demo profiles are unique', () => {
	const ids = credentials.map((c) => c.id);
	expect(new Set(ids).size).toBe(ids.length);
});

describe.each(workflows)('%s', (file, wf) => {
	// A node of this package used as an AI tool has the type n8n makes for it: `<type>Tool`.
	const asNodeType = (n) => ({ ...n, type: n.type.replace(/Tool$/, '') });
	const ours = () => wf.nodes.filter((n) => n.type.startsWith(`${pkg.name}.`)).map(asNodeType);

	test('has the shape n8n imports', () => {
		expect(typeof wf.name).toBe('string');
		expect(Array.isArray(wf.nodes)).toBe(true);
		expect(typeof wf.connections).toBe('object');
		const names = new Set(wf.nodes.map((n) => n.name));
		expect(names.size).toBe(wf.nodes.length);
		for (const [from, outputs] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			// main, and ai_tool for a node connected as an AI tool
			for (const list of Object.values(outputs)) for (const targets of list) for (const t of targets) expect(names.has(t.node)).toBe(true);
		}
		for (const node of wf.nodes) {
			expect(typeof node.id).toBe('string');
			expect(Array.isArray(node.position)).toBe(true);
		}
	});

	test('starts from a Manual Trigger, or is live: from a trigger of this package with a fixed webhook ID', () => {
		const trigger = isLiveWorkflow(wf)
			? wf.nodes.find((n) => n.type.startsWith(`${pkg.name}.`) && n.type.endsWith('Trigger'))
			: wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		expect(trigger).toBeDefined();
		expect(wf.connections[trigger.name]).toBeDefined();
		if (isLiveWorkflow(wf)) {
			// the production URL (…/webhook/<webhookId>/…) stays the same on every import
			expect(trigger.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
			expect(wf.nodes.filter((n) => n.webhookId === trigger.webhookId)).toHaveLength(1);
		}
	});

	test("uses this package's nodes by their community package type, with valid resources and operations", () => {
		expect(ours().length).toBeGreaterThan(0);
		for (const node of ours()) {
			const description = nodeTypes[node.type];
			expect(description).toBeDefined();
			const resource = description.properties.find((p) => p.name === 'resource');
			if (!resource) {
				// a trigger: no resources, but every parameter must be one of its own
				const names = description.properties.map((p) => p.name);
				for (const key of Object.keys(node.parameters)) expect(names).toContain(key);
				continue;
			}
			expect(resource.options.map((o) => o.value)).toContain(node.parameters.resource);
			const operations = description.properties.filter((p) => p.name === 'operation' && p.displayOptions.show.resource.includes(node.parameters.resource));
			expect(operations.flatMap((p) => p.options.map((o) => o.value))).toContain(node.parameters.operation);
		}
	});

	test('refers to credentials that the sandboxes import', () => {
		for (const node of ours()) {
			const description = nodeTypes[node.type];
			for (const { name } of description.credentials.filter((c) => c.required)) {
				const ref = node.credentials?.[name];
				expect(ref).toBeDefined();
				const imported = credentials.find((c) => c.id === ref.id);
				expect(imported).toMatchObject({ type: name, name: ref.name });
			}
		}
	});

	test('has an end-to-end check', () => {
		const name = path.basename(file, '.json');
		if (isLiveWorkflow(wf)) expect(Object.values(LIVE_EXAMPLES)).toContain(name);
		else expect(fs.existsSync(path.join(ROOT, 'test/e2e/checks', `${name}.js`))).toBe(true);
	});
});
