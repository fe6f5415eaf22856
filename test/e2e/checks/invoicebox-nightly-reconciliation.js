'use strict';
/**
 * examples/invoicebox-nightly-reconciliation.json: of the orders paid in the last 24 hours
 * (SHOP-1001 and SHOP-1002 in the demo data), the one the shop has not recorded comes out.
 */
module.exports = {
	async check({ assert, output, run, sandboxes }) {
		const paid = output('Orders paid in the last 24 hours');
		assert.deepEqual(paid.map((o) => o.merchantOrderId).sort(), ['SHOP-1001', 'SHOP-1002']);
		assert.ok(paid.every((o) => o.status === 'completed'));
		assert.deepEqual(output('Paid but not recorded by the shop').map((o) => [o.merchantOrderId, o.amount]), [['SHOP-1002', 5400]]);
		assert.equal(run.data.resultData.runData['Orders paid in the last 24 hours'].length, 1, 'the listing ran once');
		const calls = (await (await fetch(`${sandboxes.invoicebox.url}/_sandbox/calls`)).json()).filter((c) => c.method === 'order.list');
		assert.equal(calls.length, 1, 'one page was enough');
		assert.equal(calls[0].query.status, 'completed');
		assert.ok(calls[0].query.paidAt?._ge, 'the paid-after filter was sent');
	},
};
