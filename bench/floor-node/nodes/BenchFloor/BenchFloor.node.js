'use strict';
/**
 * The floor of n8n's declarative engine for the benchmark (scripts/bench.js), never shipped:
 * the smallest declarative node that makes the same call as Bitrix24 PaySystem → Payment → Pay
 * (POST sale.paysystem.pay.payment with PAYMENT_ID and PAY_SYSTEM_ID in a JSON body), with the
 * same credential type (its `authenticate` puts the webhook address in front of the method) and
 * the same user expressions. Nothing else: no preSend or postReceive, no pacing, no error
 * handling beyond the engine's own; two properties, both plain body mappings.
 */
class BenchFloor {
	constructor() {
		this.description = {
			displayName: 'Bench Floor (Bitrix24 Pay)',
			name: 'benchFloor',
			icon: 'fa:tachometer-alt',
			group: ['transform'],
			version: 1,
			description: 'Benchmark only: the minimal declarative node for sale.paysystem.pay.payment',
			defaults: { name: 'Bench Floor' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'bitrix24WebhookApi', required: true }],
			requestDefaults: {
				method: 'POST',
				url: 'sale.paysystem.pay.payment',
				headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			},
			properties: [
				{
					displayName: 'Payment ID',
					name: 'paymentId',
					type: 'number',
					default: 0,
					routing: { send: { type: 'body', property: 'PAYMENT_ID' } },
				},
				{
					displayName: 'Pay System ID',
					name: 'paySystemId',
					type: 'number',
					default: 0,
					routing: { send: { type: 'body', property: 'PAY_SYSTEM_ID' } },
				},
			],
		};
	}
}

module.exports = { BenchFloor };
