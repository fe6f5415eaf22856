'use strict';
/**
 * Runs the built package through n8n's own engine (n8n-core's WorkflowExecute → RoutingNode),
 * the way n8n runs it, from published packages only: the package is loaded with
 * PackageDirectoryLoader from the repository root (so from dist/), credentials are applied by a
 * CredentialsHelper that does what n8n's does for generic and function `authenticate` blocks.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'paysystems-n8n-'));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const core = require('n8n-core');
const { Workflow, NodeHelpers, ICredentialsHelper, createRunExecutionData } = require('n8n-workflow');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = 'n8n-nodes-paysystems';

let loaded;
async function loadPackage() {
	if (!loaded) {
		loaded = (async () => {
			const loader = new core.PackageDirectoryLoader(ROOT);
			await loader.loadAll();
			return loader;
		})();
	}
	return await loaded;
}

/** A start node for test workflows: emits the items given in its `items` parameter. */
const itemsNode = {
	description: {
		displayName: 'Test Items',
		name: 'test.items',
		group: ['input'],
		version: 1,
		description: '',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	},
	async execute() {
		const raw = this.getNodeParameter('items', 0);
		const items = typeof raw === 'string' ? JSON.parse(raw) : raw;
		return [items.map((json) => ({ json }))];
	},
};

class NodeTypes {
	constructor(loader, extra = {}) {
		this.loader = loader;
		this.extra = extra;
	}
	getByName(type) {
		return this.getByNameAndVersion(type);
	}
	getByNameAndVersion(type, version) {
		if (type === 'test.items') return itemsNode;
		if (this.extra[type]) return this.extra[type];
		const name = type.startsWith(`${PACKAGE}.`) ? type.slice(PACKAGE.length + 1) : type;
		const entry = this.loader.nodeTypes[name];
		if (!entry) throw new Error(`Unknown node type ${type}`);
		return NodeHelpers.getVersionedNodeType(entry.type, version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Resolves `={{$credentials.x}}` / `=Bearer {{$credentials.x}}` the way n8n's expressions would for these simple templates. */
function resolveTemplate(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.([A-Za-z0-9_]+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

class CredentialsHelper extends ICredentialsHelper {
	constructor(loader, credentials) {
		super();
		this.loader = loader;
		this.credentials = credentials;
	}
	type(name) {
		const entry = this.loader.credentialTypes[name];
		if (!entry) throw new Error(`Unknown credential type ${name}`);
		return entry.type;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, typeName, requestOptions) {
		const type = this.type(typeName);
		const auth = type.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth.call(type, credentials, requestOptions);
		const options = { ...requestOptions };
		const { properties } = auth;
		for (const key of ['headers', 'qs', 'body']) {
			if (!properties[key]) continue;
			options[key] = { ...(options[key] || {}) };
			for (const [k, v] of Object.entries(properties[key])) options[key][k] = resolveTemplate(v, credentials);
		}
		if (properties.auth) {
			options.auth = {
				username: resolveTemplate(properties.auth.username, credentials),
				password: resolveTemplate(properties.auth.password, credentials),
			};
		}
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted(additionalData, nodeCredentials, type) {
		const data = this.credentials[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		return { ...data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type) {
		return this.type(type).properties;
	}
}

function additionalData(credentialsHelper) {
	return {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		userId: 'test-user',
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not supported in tests');
		},
	};
}

let executionCounter = 0;

/**
 * Runs one node of this package over `items` (plain JSON objects) and returns what a user would
 * look at: the node's output items (json + error), the run error if the node failed, and the
 * node's run data as n8n would store it.
 *
 * @param {object} opts
 * @param {string} opts.type  node type without package prefix, e.g. 'bitrix24PaySystem'
 * @param {object} opts.parameters  node parameters as the editor stores them
 * @param {object} opts.credentials  { [credentialType]: data }
 * @param {object[]} [opts.items]  input items (default: one empty item)
 * @param {boolean} [opts.continueOnFail]
 * @param {number} [opts.cancelAfterMs]  stop the execution after this long (then only `cancelledAt`, `endedAt` and `error` are returned)
 */
async function runNode({ type, parameters, credentials, items = [{}], continueOnFail = false, nodeName = 'Node', extraNodeTypes, cancelAfterMs, typeVersion = 1 }) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader, extraNodeTypes);
	const credentialTypeNames = Object.keys(credentials || {});
	const nodes = [
		{ id: 'items', name: 'Items', type: 'test.items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
		{
			id: 'node',
			name: nodeName,
			type: type.includes('.') ? type : `${PACKAGE}.${type}`,
			typeVersion,
			position: [200, 0],
			parameters,
			credentials: Object.fromEntries(credentialTypeNames.map((t) => [t, { id: `cred-${t}`, name: t }])),
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
	const workflow = new Workflow({ id: 'wf', name: 'test', nodes, connections, active: false, nodeTypes });
	const data = additionalData(new CredentialsHelper(loader, credentials || {}));
	const executionId = `exec-${++executionCounter}`;
	data.executionId = executionId;
	const hooks = new core.ExecutionLifecycleHooks('manual', executionId, { id: 'wf', name: 'test', nodes, connections, active: false, settings: {} });
	data.hooks = hooks;
	const execute = new core.WorkflowExecute(data, 'manual');
	const running = execute.run({ workflow, startNode: workflow.getNode('Items') });
	// Stop, as the editor's Stop button does it: the execution's cancel signal fires.
	let cancelledAt;
	const timer = cancelAfterMs === undefined ? undefined : setTimeout(() => {
		cancelledAt = Date.now();
		running.cancel();
	}, cancelAfterMs);
	const run = await running;
	clearTimeout(timer);
	if (cancelledAt !== undefined) return { run, cancelledAt, endedAt: Date.now(), error: run?.data?.resultData?.error };
	const runData = run.data.resultData.runData[nodeName];
	const taskData = runData ? runData[0] : undefined;
	const output = taskData?.data?.main?.[0] ?? [];
	return {
		run,
		items: output.map((i) => i.json),
		outputItems: output,
		error: run.data.resultData.error ?? taskData?.error,
		taskData,
	};
}

/** `get(obj, 'errors[0].status')`, as lodash's get reads the keys of credential test rules. */
function getPath(value, key) {
	return String(key)
		.replace(/\[(\w+)\]/g, '.$1')
		.split('.')
		.filter(Boolean)
		.reduce((cur, part) => (cur === undefined || cur === null ? undefined : cur[part]), value);
}

/**
 * Runs a credential's declarative test the way n8n's CredentialsTester does: its request as the
 * routing of a throw-away node, sent by RoutingNode with the credential applied, then the rules
 * (`responseCode` on a thrown HTTP error, `responseSuccessBody` on the answer, first match wins).
 * Returns `{status: 'OK' | 'Error', message}` and the run's error, if any.
 */
async function testCredential({ type, data }) {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[type]?.type;
	if (!credentialType?.test?.request) throw new Error(`Credential ${type} has no declarative test`);
	const { request, rules = [] } = credentialType.test;
	const probe = {
		description: {
			displayName: 'Credential Test',
			name: 'test.credentialTest',
			group: ['input'],
			version: 1,
			description: '',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request } }],
		},
	};
	const result = await runNode({
		type: 'test.credentialTest',
		parameters: {},
		credentials: { [type]: data },
		extraNodeTypes: { 'test.credentialTest': probe },
	});
	const error = result.error;
	if (error) {
		const response = error.cause?.response;
		if (response) {
			const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === response.status);
			if (rule) return { status: 'Error', message: rule.properties.message, error };
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}`, error };
		}
		return { status: 'Error', message: error.cause?.code ?? error.message, error };
	}
	const json = result.items[0] ?? {};
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody' && getPath(json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, json };
		}
	}
	return { status: 'OK', message: 'Connection successful!', json };
}

/**
 * A trigger node of this package inside n8n-core's real hook and webhook contexts (what n8n
 * uses to activate a workflow and to hand a request to the node), with a fake HTTP
 * request/response pair. `staticData` persists between calls like a workflow's static data.
 */
async function triggerHarness({ type, parameters, credentials }) {
	const loader = await loadPackage();
	const nodeTypes = new NodeTypes(loader);
	const node = {
		id: 'trigger',
		name: 'Trigger',
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'test-webhook-id',
		parameters,
		credentials: Object.fromEntries(Object.keys(credentials || {}).map((t) => [t, { id: `cred-${t}`, name: t }])),
	};
	const workflow = new Workflow({ id: 'wf', name: 'test', nodes: [node], connections: {}, active: true, nodeTypes, staticData: {} });
	const wfNode = workflow.getNode('Trigger');
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	const base = () => additionalData(new CredentialsHelper(loader, credentials || {}));
	const webhookData = (name) => {
		const description = nodeType.description.webhooks.find((w) => w.name === name);
		return { httpMethod: description.httpMethod, node: 'Trigger', path: 'test-webhook-id/payment', webhookDescription: description, workflowId: 'wf', workflowExecuteAdditionalData: base() };
	};
	return {
		nodeType,
		workflow,
		staticData: () => workflow.staticData,
		async hook(method, name = 'default') {
			const ctx = new core.HookContext(workflow, wfNode, base(), 'trigger', 'activate', webhookData(name));
			return await nodeType.webhookMethods[name][method].call(ctx);
		},
		async webhook({ name = 'default', method = 'POST', headers = {}, query = {}, body = {}, rawBody } = {}) {
			const data = base();
			const res = {
				statusCode: 200,
				headers: {},
				body: undefined,
				status(code) {
					this.statusCode = code;
					return this;
				},
				json(value) {
					this.body = value;
					return this;
				},
				send(value) {
					this.body = value;
					return this;
				},
				setHeader(k, v) {
					this.headers[k.toLowerCase()] = v;
				},
				end(value) {
					if (value !== undefined) this.body = value;
				},
			};
			data.httpRequest = { method, headers, query, body, rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody), params: {} };
			data.httpResponse = res;
			const ctx = new core.WebhookContext(workflow, wfNode, data, 'trigger', webhookData(name), [], null);
			const result = await nodeType.webhook.call(ctx);
			return { result, response: res };
		},
	};
}

/**
 * One of a node's editor methods (methods.listSearch or methods.loadOptions) called the way n8n's
 * editor calls it: n8n-core's LoadOptionsContext over a one-node workflow holding the node's
 * current parameters and a credential (n8n CLI: DynamicNodeParametersService).
 * `credentials` is the credential's data, for the node's first credential type.
 */
async function editorMethod({ type, version, kind = 'listSearch', method, args = [], parameters = {}, credentials }) {
	const loader = await loadPackage();
	const nodeType = NodeHelpers.getVersionedNodeType(loader.nodeTypes[type].type, version);
	const credentialType = nodeType.description.credentials[0].name;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: `${PACKAGE}.${type}`,
		typeVersion: version,
		position: [0, 0],
		parameters,
		credentials: { [credentialType]: { id: 'cred', name: credentialType } },
	};
	const workflow = new Workflow({ id: 'wf', name: 'editor', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new CredentialsHelper(loader, { [credentialType]: credentials }),
		currentNodeParameters: parameters,
		userId: 'user',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		variables: {},
	};
	const context = new core.LoadOptionsContext(workflow, workflow.getNode('Temp-Node'), additionalData, 'parameters');
	return await nodeType.methods[kind][method].call(context, ...args);
}

module.exports = { triggerHarness, testCredential, runNode, editorMethod, loadPackage, CredentialsHelper, PACKAGE, ROOT, createRunExecutionData };
