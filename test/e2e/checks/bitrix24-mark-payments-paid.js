'use strict';
/** examples/bitrix24-mark-payments-paid.json: payments 101 and 102 are paid, once each; 103 is not. */
module.exports = {
	async check({ assert, output, state }) {
		// Each item says which payment it paid (pay system 1 of the demo data).
		assert.deepEqual(output('Mark payment paid'), [
			{ success: true, paymentId: 101, paySystemId: 1 },
			{ success: true, paymentId: 102, paySystemId: 1 },
		]);
		const portal = await state('bitrix24');
		const paid = Object.fromEntries(portal.payments.map((p) => [p.ID, p.PAID]));
		assert.deepEqual(paid, { 101: 'Y', 102: 'Y', 103: 'N' });
		assert.deepEqual(portal.payCalls, { 101: 1, 102: 1 }, 'each payment was marked paid exactly once');
	},
};
