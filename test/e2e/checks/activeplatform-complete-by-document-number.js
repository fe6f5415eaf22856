'use strict';
/**
 * examples/activeplatform-complete-by-document-number.json: the payments with document numbers
 * 002018 and 002019 are completed by bank transfer, once each; 002020 and 002021 stay open.
 */
module.exports = {
	async check({ assert, output, state }) {
		const completed = output('Complete the payment');
		assert.deepEqual(completed.map((p) => [p.document_id, p.status, p.payment_method_id]), [
			['002018', 'completed', 4],
			['002019', 'completed', 4],
		]);
		const platform = await state('activeplatform');
		const byDocument = Object.fromEntries(platform.payments.map((p) => [p.attributes.document_id, p.attributes.status]));
		assert.deepEqual(byDocument, { '002018': 'completed', '002019': 'completed', '002020': 'waiting_for_payment', '002021': 'waiting_for_payment' });
		const completes = platform.writes.filter((w) => /complete/i.test(w.op));
		assert.equal(completes.length, 2, `each payment completed exactly once: ${JSON.stringify(platform.writes)}`);
	},
};
