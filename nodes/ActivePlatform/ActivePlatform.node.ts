import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	alreadyDoneOption,
	customOperations,
	rateLimitOptions,
	routingSender,
} from '../shared/run';
import { searchDocumentNumbers, searchPayments, searchResellers } from './methods/listSearch';
import { api } from './operations';
import { paymentFields } from './resources/payment';
import { CREDENTIAL_TYPE } from './transport/connection';

export class ActivePlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ActivePlatform',
		name: 'activePlatform',
		icon: { light: 'file:activeplatform.svg', dark: 'file:activeplatform.dark.svg' },
		group: ['transform'],
		version: 1,
		// The operation's action in words ("Get many payments"); n8n's lint wants one string literal
		// (test/activeplatform/editor.test.js checks it against the operation table).
		subtitle:
			'={{ ({"cancel":"Cancel a payment","complete":"Complete a payment by ID","completeByDocument":"Complete a payment by document number","completeFromBalance":"Pay a payment from the account balance","create":"Create a balance top-up payment","get":"Get a payment","getAll":"Get many payments"})[$parameter["operation"]] }}',
		description: 'Read, create, complete and cancel reseller payments in ActivePlatform (API v3)',
		defaults: { name: 'ActivePlatform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		// A node with `methods` keeps the routing `execute` (the AI Agent tool road) only with
		// requestDefaults; every request's address comes from the credential.
		requestDefaults: {},
		requestOperations: { pagination: routingSender(api) },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'payment',
				options: [
					{
						name: 'Payment',
						value: 'payment',
						description: 'Payments of a reseller and its customers',
					},
				],
			},
			...api.table.properties(),
			...paymentFields,
			alreadyDoneOption({
				resource: ['payment'],
				operation: ['cancel', 'complete', 'completeFromBalance'],
			}),
			rateLimitOptions(),
		],
	};

	methods = { listSearch: { searchDocumentNumbers, searchPayments, searchResellers } };

	customOperations = customOperations(api);
}
