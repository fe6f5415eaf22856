import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { OperationSpec } from '../../../shared/operations';
import { finiteNumber, invalid, requiredText } from '../../../shared/validation';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { attributes, build, forOperations, requiredId, URL_SET_BY_BUILD } from './fields';

/**
 * POST …/payments: a payment that tops up an account's balance (the only kind the API creates;
 * order payments are made by the platform itself).
 */
export const spec: OperationSpec = {
	name: 'Create',
	value: 'create',
	action: 'Create a balance top-up payment',
	description: "Create a payment that tops up a customer account's balance",
	method: 'POST',
	url: URL_SET_BY_BUILD,
	kind: 'write',
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId);
		const values: IDataObject = {
			account_id: requiredId(this, 'Account ID', this.getNodeParameter('accountId', '')),
			total: finiteNumber(this, 'Total', this.getNodeParameter('total', '')),
			comment: requiredText(this, 'Comment', this.getNodeParameter('comment', '')),
		};
		if ((values.total as number) <= 0)
			invalid(this, 'Total', `must be greater than 0, got ${values.total as number}`);
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		if (!isBlank(extra.purpose)) values.purpose = String(extra.purpose);
		request.body = attributes(values);
	}),
	output: [singleResource],
};

export const fields: INodeProperties[] = forOperations(
	['create'],
	[
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '505',
			description: 'The customer account whose balance the payment tops up, by its ID (account_id)',
		},
		{
			displayName: 'Total',
			name: 'total',
			type: 'number',
			default: 0,
			required: true,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description: "The amount to pay, in the account's currency (total)",
		},
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			default: '',
			required: true,
			description: 'A note on the payment; ActivePlatform requires one (comment)',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Purpose',
					name: 'purpose',
					type: 'string',
					default: '',
					description: 'What the payment is for, as printed on the receipt (purpose)',
				},
			],
		},
	],
);
