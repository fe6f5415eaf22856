'use strict';
/**
 * The benchmark's workflows (scripts/bench.js), built for each run: a Manual Trigger, a Set node
 * holding the input items as one JSON list, a Split Out node making one item per entry, then the
 * node(s) under test. Nothing before the node under test calls anything, so its own run time
 * (n8n's `executionTime` for it) is what is measured.
 *
 * Variants of one call:
 * - `ours`: the package's node, as a user sets it up (no retry, no "On Error" setting: it paces
 *   and resends by itself);
 * - `floor`: the bench-only minimal declarative node (bench/floor-node), same call, same
 *   credential type, same user expressions;
 * - `httpRetry`: the built-in HTTP Request node with Retry On Fail (5 tries, 1 s apart), as a
 *   careful user would set it up;
 * - `httpContinue`: the HTTP Request node with On Error → Continue (failed items come out with
 *   an `error` field);
 * - `http`: the plain HTTP Request node (engine overhead runs: nothing fails there).
 */
const OURS = 'n8n-nodes-paysystems';
const FLOOR = 'n8n-nodes-paysystems-bench-floor';

let nodeSeq = 0;
const nodeId = () => `b3e5c0de-0000-4000-8000-${String(++nodeSeq).padStart(12, '0')}`;

function inputNodes(items) {
	return [
		{ parameters: {}, id: nodeId(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
		{
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			id: nodeId(),
			name: 'Input',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
		},
		{
			parameters: { fieldToSplitOut: 'items', options: {} },
			id: nodeId(),
			name: 'Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
		},
	];
}

/** Node settings of the HTTP Request variants. */
function httpSettings(variant) {
	if (variant === 'httpRetry') return { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 };
	if (variant === 'httpContinue') return { onError: 'continueRegularOutput' };
	return {};
}

/** A node of one of the two packages, with its credential. */
function packageNode(name, type, parameters, credentials) {
	return { id: nodeId(), name, position: [0, 0], parameters, type, typeVersion: 1, credentials };
}

/** The HTTP Request node (4.2) with the variant's settings. */
function httpNode(variant, name, parameters) {
	return { id: nodeId(), name, position: [0, 0], ...httpSettings(variant), parameters: { ...parameters, options: {} }, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 };
}

/** Bitrix24 sale.paysystem.pay.payment for `$json.paymentId` / `$json.paySystemId`. */
function bitrixPayNode(variant, { name, credential, webhookUrl }) {
	const ids = { paymentId: '={{ $json.paymentId }}', paySystemId: '={{ $json.paySystemId }}' };
	if (variant === 'ours') return packageNode(name, `${OURS}.bitrix24PaySystem`, { resource: 'payment', operation: 'pay', ...ids }, { bitrix24WebhookApi: credential });
	if (variant === 'oursSingle') {
		const parameters = { resource: 'payment', operation: 'pay', ...ids, rateLimitHandling: { sendInBatches: false } };
		return packageNode(name, `${OURS}.bitrix24PaySystem`, parameters, { bitrix24WebhookApi: credential });
	}
	if (variant === 'floor') return packageNode(name, `${FLOOR}.benchFloor`, ids, { bitrix24WebhookApi: credential });
	// What a user without the package does: the webhook URL (with its secret) in the URL field.
	return httpNode(variant, name, {
		method: 'POST',
		url: `${webhookUrl}sale.paysystem.pay.payment.json`,
		sendBody: true,
		bodyParameters: {
			parameters: [
				{ name: 'PAYMENT_ID', value: ids.paymentId },
				{ name: 'PAY_SYSTEM_ID', value: ids.paySystemId },
			],
		},
	});
}

/** Invoicebox Order → Get for `$json.orderId` (GET /v3/filter/api/order/order?id=...). */
function invoiceboxGetNode(variant, { name, credential, baseUrl, token }) {
	const orderId = '={{ $json.orderId }}';
	if (variant === 'ours') return packageNode(name, `${OURS}.invoicebox`, { resource: 'order', operation: 'get', orderId }, { invoiceboxApi: credential });
	return httpNode(variant, name, {
		url: `${baseUrl}/v3/filter/api/order/order`,
		sendQuery: true,
		queryParameters: { parameters: [{ name: 'id', value: orderId }] },
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
	});
}

function chain(nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

function workflow(id, name, nodes, connections) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {}, tags: [] };
}

/**
 * One node under test after the input: `before` (optional) is a node run between the trigger and
 * the input (the hidden neighbour of the rate-limit runs).
 */
function single(id, name, items, target, { before } = {}) {
	const [start, ...rest] = inputNodes(items);
	const nodes = [start, ...(before ? [before] : []), ...rest, target];
	nodes.forEach((n, i) => (n.position = [i * 220, 0]));
	return workflow(id, name, nodes, chain(nodes));
}

/**
 * Several nodes under test, each on its own branch from the Split Out node, run one after
 * another in `order` (n8n's v1 order runs the branches of one output top to bottom).
 * `order`: [{variant, name}]; `make(variant, name)` builds each node.
 */
function branches(id, name, items, order, make) {
	const nodes = inputNodes(items);
	const split = nodes[nodes.length - 1];
	const targets = order.map(({ variant, name: nodeName }, i) => {
		const node = make(variant, nodeName);
		node.position = [660, i * 160];
		return node;
	});
	const connections = chain(nodes);
	connections[split.name] = { main: [targets.map((t) => ({ node: t.name, type: 'main', index: 0 }))] };
	return workflow(id, name, [...nodes, ...targets], connections);
}

/** The hidden neighbour: spends part of the Bitrix24 bucket right before the items are sent. */
function neighbourNode(sandboxUrl, units) {
	return httpNode('http', 'Another client spends the bucket', {
		method: 'POST',
		url: `${sandboxUrl}/_sandbox/spend`,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: JSON.stringify({ units }),
	});
}

/** Get Many with Return All (ActivePlatform payments, Invoicebox orders); `limit` instead for a baseline. */
function returnAllNode(api, { name, credential, limit }) {
	const parameters = { ...(limit ? { returnAll: false, limit } : { returnAll: true }), filters: {}, options: {} };
	if (api === 'activeplatform') return packageNode(name, `${OURS}.activePlatform`, { resource: 'payment', operation: 'getAll', ...parameters }, { activePlatformApi: credential });
	return packageNode(name, `${OURS}.invoicebox`, { resource: 'order', operation: 'getAll', ...parameters }, { invoiceboxApi: credential });
}

module.exports = { single, branches, bitrixPayNode, invoiceboxGetNode, neighbourNode, returnAllNode };
