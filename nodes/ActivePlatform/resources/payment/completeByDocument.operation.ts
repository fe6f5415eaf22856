import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { describe, finiteNumber, invalid, pathSegment } from '../../../shared/validation';
import { explain } from '../../transport/explain';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { CHECK_FIELD, completedByDocument } from '../../transport/statusCheck';
import {
	attributes,
	build,
	documentIdOf,
	forOperations,
	paymentMethodIdOf,
	URL_SET_BY_BUILD,
} from './fields';

const EXTRA = 'Additional Fields';

function amountOf(ctx: ItemFunctions, value: unknown): number {
	const amount = finiteNumber(ctx, `${EXTRA} → Amount Paid`, value);
	if (amount <= 0) invalid(ctx, `${EXTRA} → Amount Paid`, `must be greater than 0, got ${amount}`);
	return amount;
}

function currencyOf(ctx: ItemFunctions, value: unknown): string {
	const code = String(value).trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) {
		invalid(
			ctx,
			`${EXTRA} → Currency Code`,
			`must be a three-letter ISO 4217 code such as USD, got ${describe(value)}`,
		);
	}
	return code;
}

function transactionOf(ctx: ItemFunctions, value: unknown): string {
	const id = String(value).trim();
	if (id.length < 2 || id.length > 255) {
		invalid(
			ctx,
			`${EXTRA} → External Transaction ID`,
			`must be 2 to 255 characters long, got ${id.length}`,
		);
	}
	return id;
}

/**
 * POST …/payments/{document_id}
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/zavershenie-plateyoa-po-nomeru).
 * The number is kept as text: leading zeros are part of it (`002018`), and it goes into the URL
 * path. `payment_method_id` is sent as a number, as in Complete by ID and the v7.8 docs (the
 * latest docs type it as a string; a JSON:API server reading an ID accepts both). The paid
 * amount goes in `amount` (latest docs; v7.8 called it `total`). The status check before it is
 * in transport/statusCheck.ts.
 */
export const spec: OperationSpec = {
	name: 'Complete by Document Number',
	value: 'completeByDocument',
	action: 'Complete a payment by document number',
	description:
		'Record money received for a payment found by its number, with the amount and external transaction ID',
	method: 'POST',
	url: URL_SET_BY_BUILD,
	kind: 'write',
	alreadyDone: completedByDocument,
	explain,
	build: build(function (resellerId, request) {
		const documentId = pathSegment(this, 'Document Number', documentIdOf(this));
		request.url = paymentsPath(resellerId, documentId);
		const values: IDataObject = { payment_method_id: paymentMethodIdOf(this) };
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		if (!isBlank(extra.amount)) values.amount = amountOf(this, extra.amount);
		if (!isBlank(extra.currencyCode)) values.currency_code = currencyOf(this, extra.currencyCode);
		const transaction = isBlank(extra.externalTransactionId)
			? undefined
			: transactionOf(this, extra.externalTransactionId);
		if (transaction !== undefined) values.external_transaction_id = transaction;
		request.body = attributes(values);
	}),
	output: [singleResource],
};

/** Document Number (shown before Payment Method ID) is in fields.ts; these come after. */
export const fields: INodeProperties[] = forOperations(
	['completeByDocument'],
	[
		{
			displayName: EXTRA,
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Amount Paid',
					name: 'amount',
					type: 'number',
					default: 0,
					typeOptions: { numberPrecision: 2 },
					description:
						'The amount actually received, if it differs from the payment total (amount). Less than the total: the ' +
						'payment stays open and a correction is recorded; more: it is completed and the overpayment recorded.',
				},
				{
					displayName: 'Currency Code',
					name: 'currencyCode',
					type: 'string',
					default: '',
					placeholder: 'USD',
					description:
						"The currency of the amount, as an ISO 4217 code; it must be the payment's (currency_code)",
				},
				{
					displayName: 'External Transaction ID',
					name: 'externalTransactionId',
					type: 'string',
					default: '',
					placeholder: 'BANK-20240601-0091',
					description:
						'The transaction in the bank or payment system, 2 to 255 characters, stored with the payment ' +
						'(external_transaction_id). A payment that already carries it is not recorded again.',
				},
			],
		},
		{
			displayName: 'Check Status First',
			name: CHECK_FIELD,
			type: 'options',
			default: 'check',
			description:
				'ActivePlatform does not refuse this on a payment that is already completed, paid from balance, pending ' +
				'billing or cancelled: it records the amount again as a correction. So the node first reads the payment ' +
				'by its number (the list filtered on the number; every row is checked against it, since that filter is ' +
				'not documented) and sends only for a payment waiting for payment or expired. A payment that already ' +
				'carries this External Transaction ID is skipped as already done (a repeated notification).',
			options: [
				{
					name: 'Check First, Fail if Paid or Closed',
					value: 'check',
					description:
						'An item whose payment is paid, pending billing or cancelled fails, and nothing is sent',
				},
				{
					name: 'Check First, Return a Paid Payment as Already Done',
					value: true,
					description:
						'A payment already completed or paid from balance comes out as a success marked alreadyDone: true ' +
						'(Treat Already Done as Success), unless another external transaction paid it',
				},
				{
					name: "Don't Check",
					value: false,
					description:
						'Send at once, e.g. to record money that really came a second time: on a closed payment ' +
						'ActivePlatform records the amount again',
				},
			],
		},
	],
);
