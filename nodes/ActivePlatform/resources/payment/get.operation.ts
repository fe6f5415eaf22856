import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { build, forOperations, paymentIdOf, URL_SET_BY_BUILD } from './fields';

/** GET …/payments/{payment_id}, with the related objects asked for (`include`). */
export const spec: OperationSpec = {
	name: 'Get',
	value: 'get',
	action: 'Get a payment',
	description: 'Get one payment, optionally with related objects',
	method: 'GET',
	url: URL_SET_BY_BUILD,
	kind: 'read',
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId, paymentIdOf(this));
		const include = this.getNodeParameter('include', []) as string[];
		if (include.length) request.qs = { ...(request.qs ?? {}), include: include.join(',') };
	}),
	output: [singleResource],
};

export const fields: INodeProperties[] = forOperations(
	['get'],
	[
		{
			displayName: 'Include Related',
			name: 'include',
			type: 'multiOptions',
			default: [],
			description:
				'Records related to the payment to add to it (include; they come under "included")',
			options: [
				{ name: 'Account', value: 'account' },
				{ name: 'Charges', value: 'charges' },
				{ name: 'Corrections', value: 'corrections' },
				{ name: 'Invoices', value: 'invoices' },
				{ name: 'Orders', value: 'orders' },
				{ name: 'Payment Method', value: 'payment_method' },
				{ name: 'Reseller', value: 'reseller' },
			],
		},
	],
);
