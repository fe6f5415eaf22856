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
		// Version 1 opened on Complete; version 2 opens on Get Many (a version-1 node saved on
		// Complete, which n8n stores without its operation, keeps it).
		version: [1, 2],
		defaultVersion: 2,
		// The canvas subtitle in words: "get all: payment", "complete by document: payment".
		subtitle:
			'={{ ($parameter.operation + ": " + $parameter.resource).replace(/([A-Z])/g, " $1").toLowerCase() }}',
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
			...api.table.properties({ payment: 'complete' }),
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
