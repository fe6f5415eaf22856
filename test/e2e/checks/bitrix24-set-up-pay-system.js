'use strict';
/** examples/bitrix24-set-up-pay-system.json: a new handler and pay system exist on the portal. */
module.exports = {
	async check({ assert, output, state }) {
		assert.deepEqual(output('Create payment handler'), [{ id: 2 }], 'the handler is the portal\'s second (the demo data has one)');
		assert.deepEqual(output('Create pay system'), [{ id: 2 }]);
		// As a portal answers settings.get for the pay system's payer type: every code of the
		// handler, {TYPE, VALUE}, the code's default where no value was set.
		assert.deepEqual(output('Read its settings back'), [
			{
				EXAMPLEPAY_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-7731' },
				EXAMPLEPAY_ORDER_NUMBER: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' },
				EXAMPLEPAY_AMOUNT: { TYPE: 'PAYMENT', VALUE: 'SUM' },
				EXAMPLEPAY_MODE: { TYPE: 'VALUE', VALUE: 'TEST' },
			},
		]);

		const portal = await state('bitrix24');
		const handler = portal.handlers.find((h) => h.CODE === 'examplepay_checkout');
		assert.ok(handler, 'the handler exists on the portal');
		assert.equal(handler.NAME, 'Example Pay (Checkout)');
		assert.equal(handler.SETTINGS.CHECKOUT_DATA.ACTION_URI, 'https://pay.example.com/bitrix24/checkout');
		assert.deepEqual(Object.keys(handler.SETTINGS.CODES).sort(), ['EXAMPLEPAY_AMOUNT', 'EXAMPLEPAY_MODE', 'EXAMPLEPAY_ORDER_NUMBER', 'EXAMPLEPAY_SHOP_ID']);
		assert.deepEqual(handler.SETTINGS.CODES.EXAMPLEPAY_AMOUNT.DEFAULT, { PROVIDER_KEY: 'PAYMENT', PROVIDER_VALUE: 'SUM' });
		assert.deepEqual(handler.SETTINGS.CURRENCY, ['RUB']);

		const paySystem = portal.paySystems.find((p) => p.ID === '2');
		assert.ok(paySystem, 'the pay system exists on the portal');
		assert.equal(paySystem.NAME, 'Example Pay — bank cards');
		assert.equal(paySystem.ACTION_FILE, 'examplepay_checkout');
		assert.equal(paySystem.ACTIVE, 'Y');
		assert.equal(paySystem.ENTITY_REGISTRY_TYPE, 'ORDER');
		assert.equal(paySystem.PERSON_TYPE_ID, '1');
	},
};
