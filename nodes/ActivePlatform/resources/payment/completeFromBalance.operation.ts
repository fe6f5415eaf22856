import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { refusedAsDone } from '../../transport/alreadyDone';
import { explain } from '../../transport/explain';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { attributes, build, paymentIdOf, URL_SET_BY_BUILD } from './fields';

/** PATCH …/payments/{payment_id} with `{"data":{"attributes":{"status":"paid_from_balance"}}}`. */
export const spec: OperationSpec = {
	name: 'Complete From Balance',
	value: 'completeFromBalance',
	action: 'Pay a payment from the account balance',
	description: "Pay a payment waiting for payment from the customer account's balance",
	method: 'PATCH',
	url: URL_SET_BY_BUILD,
	kind: 'write',
	alreadyDone: { refusal: refusedAsDone('completeFromBalance') },
	explain,
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId, paymentIdOf(this));
		request.body = attributes({ status: 'paid_from_balance' });
	}),
	output: [singleResource],
};

/** Reseller ID and Payment ID only (fields.ts). */
export const fields: INodeProperties[] = [];
