'use strict';
/**
 * Payment Confirmation (the guarantee flow): Validate → Send Code → Pay, and every documented
 * result surfaced as fields a workflow can branch on.
 */
const { invoiceboxSetup, seedCustomer } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());
beforeEach(() => env.sandbox.reset());

const base = (operation, orderId, extra = {}) => ({
	resource: 'paymentConfirmation',
	operation,
	orderId,
	paymentMethodId: '39363265',
	...seedCustomer,
	...extra,
});
const validate = (orderId, extra) => env.run(base('validate', orderId, extra));
const sendCode = (orderId, extra) => env.run(base('sendCode', orderId, extra));
const pay = (orderId, publicCode, code, extra) => env.run(base('pay', orderId, { publicCode, code, ...extra }));
const codeOf = (orderId) => env.sandbox.snapshot().codes[orderId];

test('the whole flow: available → code sent → paid; the order is completed once', async () => {
	const order = await env.createOrder();
	const checked = await validate(order.id);
	expect(checked.error).toBeUndefined();
	expect(checked.items[0]).toMatchObject({ orderId: order.id, result: 'available', type: 'none', success: true });

	const sent = await sendCode(order.id);
	expect(sent.error).toBeUndefined();
	const { publicCode, code } = codeOf(order.id);
	expect(sent.items[0]).toMatchObject({ result: 'success', success: true, publicCode, leftAttempt: 4 });
	expect(env.sandbox.apiCalls('guarantee.sendCode')[0].body).toEqual({
		paymentMethodId: '39363265',
		customer: { type: 'legal', name: 'ООО Компания', email: 'email@gmail.com', phone: '79611234567', vatNumber: '1233123', registrationAddress: '123123123' },
	});

	const paid = await pay(order.id, publicCode, code);
	expect(paid.error).toBeUndefined();
	expect(paid.items).toEqual([{ orderId: order.id, result: 'success', type: 'none', success: true, resultData: {} }]);
	expect(env.sandbox.order(order.id).status).toBe('completed');

	const again = await pay(order.id, publicCode, code);
	expect(again.items[0]).toMatchObject({ result: 'alreadyPaid', success: false });
	expect(env.sandbox.snapshot().counts.pay).toEqual({ [order.id]: 1 });
});

test('Validate: notRegistered and notEnoughMoney are results, not errors', async () => {
	const order = await env.createOrder();
	const unregistered = await validate(order.id, { customerType: 'private', customerName: 'Ivan', customerDetails: {} });
	expect(unregistered.items[0]).toMatchObject({ result: 'notRegistered', success: false });
	env.sandbox.state.paymentMethods.get('39363265').balance = 10;
	const poor = await validate(order.id);
	expect(poor.items[0]).toMatchObject({ result: 'notEnoughMoney', success: false });
});

test('Send Code: a second request inside the resend window answers codeAlreadySent', async () => {
	const order = await env.createOrder();
	const first = await sendCode(order.id);
	const second = await sendCode(order.id);
	expect(second.items[0]).toMatchObject({ result: 'codeAlreadySent', success: false, publicCode: first.items[0].publicCode, leftAttempt: 4 });
});

test('Pay: wrongCode, then limitReached with the message to show the payer', async () => {
	const order = await env.createOrder();
	await sendCode(order.id, { languageId: 'en' });
	const { publicCode } = codeOf(order.id);
	const wrong = await pay(order.id, publicCode, '000000x');
	expect(wrong.items[0]).toMatchObject({ result: 'wrongCode', type: 'none', success: false });
	await pay(order.id, publicCode, '000000y');
	const limit = await pay(order.id, publicCode, '000000z', { languageId: 'en' });
	expect(limit.items[0]).toMatchObject({
		result: 'limitReached',
		type: 'message',
		success: false,
		message: { title: 'Too many attempts', message: 'Request a new confirmation code.' },
	});
	// Even the right code is refused now: a new one must be sent.
	const { code } = codeOf(order.id);
	expect((await pay(order.id, publicCode, code)).items[0].result).toBe('limitReached');
	expect(env.sandbox.order(order.id).status).toBe('created');
});

test('Pay: notEnoughMoney carries the documented message; error when the instrument fails', async () => {
	const order = await env.createOrder();
	await sendCode(order.id);
	const { publicCode, code } = codeOf(order.id);
	env.sandbox.state.paymentMethods.get('39363265').balance = 100;
	const poor = await pay(order.id, publicCode, code, { languageId: 'ru' });
	expect(poor.items[0]).toMatchObject({
		result: 'notEnoughMoney',
		type: 'message',
		message: {
			title: 'Недостаточно средств',
			message: 'Для подтверждения выбранного заказа недостаточно средств. Пожалуйста, восстановите баланс гарантийного фонда.',
		},
	});
	env.sandbox.state.paymentMethods.get('39363265').balance = 1_000_000;
	env.sandbox.state.paymentMethods.get('39363265').broken = true;
	const failed = await pay(order.id, publicCode, code);
	expect(failed.items[0]).toMatchObject({ result: 'error', type: 'message', success: false });
	expect(failed.items[0].message.title).toBeTruthy();
});

test('every item of a run is its own payer: results stay with their items', async () => {
	const a = await env.createOrder();
	const b = await env.createOrder();
	await sendCode(a.id);
	await sendCode(b.id);
	const ca = codeOf(a.id);
	const cb = codeOf(b.id);
	const result = await env.run(
		{
			...base('pay', '={{ $json.orderId }}'),
			publicCode: '={{ $json.publicCode }}',
			code: '={{ $json.code }}',
		},
		{ items: [{ orderId: a.id, ...ca }, { orderId: b.id, publicCode: cb.publicCode, code: 'nope' }] },
	);
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => [i.orderId, i.result])).toEqual([
		[a.id, 'success'],
		[b.id, 'wrongCode'],
	]);
});

test('a cancelled order cannot be confirmed: wrong_order_status with a hint', async () => {
	const order = await env.createOrder();
	await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
	const result = await validate(order.id);
	expect(result.error.context.apiCode).toBe('wrong_order_status');
	expect(result.error.description).toMatch(/Payment confirmation works only/);
});
