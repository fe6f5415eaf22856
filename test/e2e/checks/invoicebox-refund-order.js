'use strict';
/** examples/invoicebox-refund-order.json: SHOP-1002 is refunded in full, once, under R-SHOP-1002. */
module.exports = {
	async check({ assert, output, state }) {
		const [refund] = output('Refund it');
		assert.equal(refund.merchantOrderId, 'R-SHOP-1002');
		assert.equal(refund.amount, 5400);
		assert.equal(refund.vatAmount, 900);
		assert.equal(refund.status, 'created');
		const shop = await state('invoicebox');
		const order = shop.orders.find((o) => o.merchantOrderId === 'SHOP-1002');
		assert.equal(refund.parentId, order.id);
		const refunds = shop.refunds.filter((r) => r.parentId === order.id);
		assert.equal(refunds.length, 1, 'one refund of the order');
		assert.deepEqual(refunds[0].basketItems.map((i) => [i.sku, i.quantity, i.totalAmount]), [['WS-PAY', 1, 5400]]);
		assert.ok(!shop.refunds.some((r) => r.parentId !== order.id), 'no other order was refunded');
	},
};
