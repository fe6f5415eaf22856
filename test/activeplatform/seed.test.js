'use strict';
/**
 * The documented example of "Complete payment by ID" (seed 004, copied to
 * test/fixtures/seeds/activeplatform.complete.json) reproduced from the editor's fields: the
 * installation receives the documented request (method, path, headers, body), and the answer
 * comes out as the documented payment, flattened.
 */
const { USER_AGENT } = require('../../dist/nodes/shared/version');
const { useActivePlatform } = require('./fixtures');

const seed = require('../fixtures/seeds/activeplatform.complete.json');

const env = useActivePlatform();
beforeEach(() => {
	// The documented payment, before it was completed.
	const documented = seed.response.data.attributes;
	env.sandbox.addPayment({
		id: Number(seed.response.data.id),
		resellerId: 1,
		accountId: documented.account_id,
		total: Number(documented.total),
		currency: documented.currency_code,
		comment: documented.comment,
		documentId: documented.document_id,
		requesterIp: documented.requester_ip,
		createdAt: documented.created_at,
	});
});

const lower = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** The editor's fields for the documented request (the credential holds the documented token and reseller 1). */
const editorFields = { operation: 'complete', paymentId: '6475', paymentMethodId: 2 };

async function expectDocumentedRequest(parameters, options) {
	const result = await env.run(parameters, options);
	expect(result.error).toBeUndefined();
	const calls = env.sandbox.apiCalls();
	expect(calls).toHaveLength(1);
	const [call] = calls;
	expect(call.httpMethod).toBe(seed.request.method);
	expect(call.path).toBe(seed.request.path);
	expect(call.query).toEqual({});
	expect(call.body).toEqual(seed.request.body);
	// The three documented headers, plus the package's User-Agent; nothing else of ours.
	expect(call.headers).toEqual({ ...lower(seed.request.headers), 'user-agent': USER_AGENT });
	return result;
}

test('Complete sends the documented request, headers included', async () => {
	const result = await expectDocumentedRequest(editorFields);

	// The documented answer, flattened: every documented attribute, the same values except the
	// moments of completion (now, not in 2019).
	const documented = seed.response.data;
	const [item] = result.items;
	expect(item).toMatchObject({ id: documented.id, type: documented.type });
	for (const [key, value] of Object.entries(documented.attributes)) {
		if (key === 'updated_at' || key === 'closed_at') expect(item[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{4}$/);
		else expect([key, item[key]]).toEqual([key, value]);
	}
	expect(item.relationships).toMatchObject(documented.relationships);
	expect(env.sandbox.payment(6475).attributes.status).toBe('completed');
});

test('the same request with the reseller named in the node instead of taken from the credential', async () => {
	await expectDocumentedRequest({ ...editorFields, resellerId: '1' });
});

test('the same request from an expression, and from a payment ID given as a number', async () => {
	await expectDocumentedRequest({ ...editorFields, paymentId: '={{ $json.payment }}', paymentMethodId: '={{ $json.method }}' }, { items: [{ payment: '6475', method: 2 }] });
	env.sandbox.reset();
	env.sandbox.addPayment({ id: 6475, documentId: '2005258' });
	const result = await env.run({ ...editorFields, paymentId: 6475 });
	expect(result.error).toBeUndefined();
	expect(env.sandbox.apiCalls()[0].path).toBe(seed.request.path);
}, 30000);

test('completing it again gets the documented 422 body, and the error says so with the current status', async () => {
	await env.run(editorFields);
	env.sandbox.calls.length = 0;
	const result = await env.run(editorFields);
	const refused = env.sandbox.apiCalls('payments.complete');
	expect(refused).toHaveLength(1);
	expect(refused[0].status).toBe(seed.errorExample.status);
	expect(refused[0].response).toEqual(seed.errorExample.body);
	expect(result.error.message).toBe(
		'Payment 6475 cannot be completed: its status is "completed", and only payments with status "waiting for payment" or "expired" can be completed [ActivePlatform PAYMENT_NOT_COMPLETABLE, HTTP 422]',
	);
	expect(result.error.description).toContain(`ActivePlatform said: ${seed.errorExample.body.errors.title}`);
	expect(result.error.context).toMatchObject({ apiCode: 'PAYMENT_NOT_COMPLETABLE', httpStatus: 422 });
	expect(result.error.context.details).toMatchObject({ paymentId: '6475', currentStatus: 'completed' });
	// The status came from one read of the payment, after the refused write.
	expect(env.sandbox.apiCalls().map((c) => c.method)).toEqual(['payments.complete', 'payments.get']);
});
