'use strict';
/**
 * The example workflows (examples/*.json) and the end-to-end test workflows are importable as
 * they are: n8n's shape, a Manual Trigger to start from, this package's node types as the
 * Community Nodes page names them, valid resources and operations, credentials by the ids the
 * sandbox demo profiles import, and an end-to-end check for each. (They run in a real n8n in
 * scripts/e2e.js.)
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSandboxes } = require('../scripts/sandboxes');

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

test('credential ids of the demo profiles are unique', () => {
	const ids = credentials.map((c) => c.id);
	expect(new Set(ids).size).toBe(ids.length);
});

describe.each(workflows)('%s', (file, wf) => {
	const ours = () => wf.nodes.filter((n) => n.type.startsWith(`${pkg.name}.`));

	test('has the shape n8n imports', () => {
		expect(typeof wf.name).toBe('string');
		expect(Array.isArray(wf.nodes)).toBe(true);
		expect(typeof wf.connections).toBe('object');
		const names = new Set(wf.nodes.map((n) => n.name));
		expect(names.size).toBe(wf.nodes.length);
		for (const [from, outputs] of Object.entries(wf.connections)) {
			expect(names.has(from)).toBe(true);
			for (const targets of outputs.main) for (const t of targets) expect(names.has(t.node)).toBe(true);
		}
		for (const node of wf.nodes) {
			expect(typeof node.id).toBe('string');
			expect(Array.isArray(node.position)).toBe(true);
		}
	});

	test('starts from a Manual Trigger', () => {
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		expect(trigger).toBeDefined();
		expect(wf.connections[trigger.name]).toBeDefined();
	});

	test("uses this package's nodes by their community package type, with valid resources and operations", () => {
		expect(ours().length).toBeGreaterThan(0);
		for (const node of ours()) {
			const description = nodeTypes[node.type];
			expect(description).toBeDefined();
			const resource = description.properties.find((p) => p.name === 'resource');
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
		expect(fs.existsSync(path.join(ROOT, 'test/e2e/checks', `${name}.js`))).toBe(true);
	});
});
