'use strict';
/**
 * Complete by Document Number reads the payment by its number before the POST (by default),
 * because ActivePlatform records the amount again as a correction on a payment in Pending
 * billing, Completed, Paid from balance or Cancelled instead of refusing
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/zavershenie-plateyoa-po-nomeru).
 * The list filter it reads with (filter[document_id]) is not documented: an installation that
 * ignores it must not fool the check. The sandbox counts corrections and POSTs.
 */
const { useActivePlatform } = require('./fixtures');

const env = useActivePlatform();

const posts = () => env.sandbox.apiCalls('payments.completeByDocument');
const completeByDocument = (extra = {}) => ({ operation: 'completeByDocument', documentId: '002018', paymentMethodId: 4, ...extra });

function expectRefused(result, code, message) {
	expect(result.error).toBeDefined();
	expect(result.error.name).toBe('NodeOperationError');
	expect(result.error.context.apiCode).toBe(code);
	expect(result.error.message).toMatch(message);
	expect(result.error.description).toMatch(/^Nothing was sent to complete it\./);
	expect(posts()).toHaveLength(0);
	expect(env.sandbox.state.corrections).toEqual([]);
	return result.error;
}

test('a second run over a completed payment records nothing again (by default)', async () => {
	env.sandbox.addPayment({ id: 30, total: 120, documentId: '002018' });
	const first = await env.run(completeByDocument());
	expect(first.error).toBeUndefined();
	expect(first.items[0]).toMatchObject({ id: '30', status: 'completed', alreadyDone: false });
	// The check read first, then the POST.
	expect(env.sandbox.apiCalls().map((c) => c.method)).toEqual(['payments.list', 'payments.completeByDocument']);
	expect(env.sandbox.apiCalls('payments.list')[0].query).toEqual({ filter: { document_id: '002018' }, page: { size: '100', number: '1' } });
	env.sandbox.calls.length = 0;
	const second = await env.run(completeByDocument());
	const error = expectRefused(second, 'PAYMENT_NOT_COMPLETABLE', /^The payment with document number 002018 is already paid \(its status is "completed"\)/);
	expect(error.description).toMatch(/Check Status First/);
	expect(env.sandbox.writes('completeByDocument')).toHaveLength(1);
});

describe('every status on which ActivePlatform would record the amount again is refused before sending', () => {
	test.each([
		['completed', /already paid/],
		['paid_from_balance', /already paid \(its status is "paid from balance"\)/],
		['pending_billing', /cannot be completed: its status is "pending billing"/],
		['cancelled', /cannot be completed: its status is "cancelled"/],
		['processing', /cannot be completed: its status is "processing"/],
		['receipt_sent', /cannot be completed: its status is "receipt sent"/],
	])('%s', async (status, message) => {
		env.sandbox.addPayment({ id: 30, status, documentId: '002018' });
		const error = expectRefused(await env.run(completeByDocument()), 'PAYMENT_NOT_COMPLETABLE', message);
		if (status === 'cancelled' || status === 'pending_billing') expect(error.description).toMatch(/record the amount as a correction/);
	});

	test('an expired payment is completed', async () => {
		env.sandbox.addPayment({ id: 30, status: 'expired', documentId: '002018' });
		const result = await env.run(completeByDocument());
		expect(result.items[0].status).toBe('completed');
		expect(posts()).toHaveLength(1);
	});
});

describe('the same External Transaction ID is recorded once (a notification delivered twice, a re-run)', () => {
	test('a payment completed with this transaction is skipped as already done, also by default', async () => {
		env.sandbox.addPayment({ id: 30, status: 'completed', documentId: '002018', externalTransactionId: 'IB-7' });
		const result = await env.run(completeByDocument({ additionalFields: { externalTransactionId: 'IB-7' } }));
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([expect.objectContaining({ id: '30', status: 'completed', alreadyDone: true })]);
		expect(posts()).toHaveLength(0);
	});

	test('a partial payment is not recorded twice', async () => {
		env.sandbox.addPayment({ id: 30, total: 100, documentId: '002018' });
		const parameters = completeByDocument({ additionalFields: { amount: 40, externalTransactionId: 'BANK-1' } });
		expect((await env.run(parameters)).items[0]).toMatchObject({ status: 'waiting_for_payment', alreadyDone: false });
		const again = await env.run(parameters);
		expect(again.items[0]).toMatchObject({ status: 'waiting_for_payment', alreadyDone: true });
		expect(env.sandbox.state.corrections).toHaveLength(1);
		// Another transaction on the same open payment is recorded.
		const next = await env.run(completeByDocument({ additionalFields: { amount: 60, externalTransactionId: 'BANK-2' } }));
		expect(next.items[0]).toMatchObject({ alreadyDone: false, external_transaction_id: 'BANK-2' });
		expect(env.sandbox.state.corrections.map((c) => c.amount)).toEqual([40, 60]);
	});

	test('under "return as already done", a payment paid by another transaction is not taken for this one', async () => {
		env.sandbox.addPayment({ id: 30, status: 'completed', documentId: '002018', externalTransactionId: 'IB-1' });
		const result = await env.run(completeByDocument({ treatAlreadyDoneAsSuccess: true, additionalFields: { externalTransactionId: 'IB-2' } }));
		const error = expectRefused(result, 'PAYMENT_NOT_COMPLETABLE', /already paid/);
		expect(error.description).toMatch(/paid by another transaction \(IB-1\)/);
	});
});

describe('an installation that ignores filter[document_id] does not fool the check', () => {
	beforeEach(() => env.sandbox.reset({ rateLimit: null, ignoreFilters: ['document_id'] }));

	test('the rows are checked against the number: another payment does not lend its status', async () => {
		env.sandbox.addPayment({ id: 29, documentId: '002017' });
		env.sandbox.addPayment({ id: 30, status: 'completed', documentId: '002018' });
		// Before: one row read (page[size]=1), another payment's, and the POST went out.
		const result = await env.run(completeByDocument({ treatAlreadyDoneAsSuccess: true }));
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ id: '30', alreadyDone: true });
		expect(posts()).toHaveLength(0);
		expect(env.sandbox.state.corrections).toEqual([]);
	});

	test('a payment waiting for payment is found among the other rows and completed', async () => {
		env.sandbox.addPayment({ id: 29, status: 'completed', documentId: '002017' });
		env.sandbox.addPayment({ id: 30, documentId: '002018' });
		const result = await env.run(completeByDocument());
		expect(result.items[0]).toMatchObject({ id: '30', status: 'completed' });
		expect(env.sandbox.payment(29).attributes.status).toBe('completed');
		expect(env.sandbox.state.corrections).toEqual([]);
	});

	test('a payment that is not in the page read fails clearly, nothing sent', async () => {
		for (let i = 1; i <= 100; i++) env.sandbox.addPayment({ id: i, documentId: `X-${i}` });
		env.sandbox.addPayment({ id: 101, status: 'completed', documentId: '002018' });
		const error = expectRefused(await env.run(completeByDocument()), 'STATUS_CHECK_UNAVAILABLE', /could not be checked/);
		expect(error.description).toMatch(/ignores the document-number filter/);
	});
});

test('two payments with the number: refused, nothing sent', async () => {
	env.sandbox.addPayment({ id: 30, documentId: '002018' });
	env.sandbox.addPayment({ id: 31, documentId: '002018' });
	expectRefused(await env.run(completeByDocument()), 'DOCUMENT_NUMBER_NOT_UNIQUE', /^2 payments have the document number 002018/);
});

test('when the check cannot be read, nothing is sent (by default too)', async () => {
	env.sandbox.addPayment({ id: 30, documentId: '002018' });
	env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 500, raw: '', times: Infinity });
	const result = await env.run(completeByDocument());
	expect(result.error.context.apiCode).toBe('INTERNAL_SERVER_ERROR');
	expect(posts()).toHaveLength(0);
});

test('"Don\'t Check" sends at once: a closed payment gets the amount recorded again, as ActivePlatform documents', async () => {
	env.sandbox.addPayment({ id: 30, status: 'completed', total: 75, documentId: '002018' });
	const result = await env.run(completeByDocument({ treatAlreadyDoneAsSuccess: false }));
	expect(result.error).toBeUndefined();
	expect(result.items[0].alreadyDone).toBeUndefined();
	expect(env.sandbox.apiCalls().map((c) => c.method)).toEqual(['payments.completeByDocument']);
	expect(env.sandbox.state.corrections).toEqual([expect.objectContaining({ paymentId: 30, amount: 75 })]);
});

test('workflows saved with "Treat Already Done as Success" on (true) still run: a paid payment comes out as already done', async () => {
	env.sandbox.addPayment({ id: 30, status: 'paid_from_balance', documentId: '002018' });
	const result = await env.run(completeByDocument({ treatAlreadyDoneAsSuccess: true }));
	expect(result.items).toEqual([expect.objectContaining({ id: '30', status: 'paid_from_balance', alreadyDone: true })]);
	expect(posts()).toHaveLength(0);
});

test('an unknown number: the check finds nothing, and the POST gets ActivePlatform\'s own 404', async () => {
	env.sandbox.addPayment({ id: 30, documentId: '2018' });
	const result = await env.run(completeByDocument());
	expect(result.error.context).toMatchObject({ apiCode: 'NOT_FOUND', httpStatus: 404 });
	expect(posts()).toHaveLength(1);
});
