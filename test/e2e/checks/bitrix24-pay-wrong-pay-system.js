'use strict';
/**
 * test/e2e/workflows/bitrix24-pay-wrong-pay-system.json: the portal refuses the call; the run
 * fails, and the execution n8n stored holds the readable error (not the webhook URL's secret:
 * the runner checks that for every workflow).
 */
module.exports = {
	expectFailure: true,
	async check({ assert, result, stored, state }) {
		assert.notEqual(result.code, 0, 'n8n execute reports the failure');
		const execution = await stored();
		assert.ok(execution, 'the execution is stored');
		assert.equal(execution.status, 'error');
		const error = execution.data.resultData.error;
		assert.equal(error.message, 'Bitrix24 rejected a field value [Bitrix24 ERROR_CHECK_FAILURE, HTTP 400]');
		assert.match(error.description, /Check Payment ID and Pay System ID/);
		assert.match(error.description, /Bitrix24 said: Pay system not found/, 'the portal\'s own words (RestService::checkParamsForPayment)');
		assert.equal(error.context.apiCode, 'ERROR_CHECK_FAILURE');
		assert.equal(execution.data.resultData.lastNodeExecuted, 'Mark payment paid');
		const portal = await state('bitrix24');
		assert.ok(portal.payments.every((p) => p.PAID === 'N'), 'nothing was paid');
	},
};
