import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	alreadyDoneOption,
	customOperations,
	rateLimitOptions,
	routingSender,
} from '../shared/run';
import { paymentFields } from './resources/payment';
import { CREDENTIAL_TYPE } from './transport/connection';
import { api } from './operations';

export class ActivePlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ActivePlatform',
		name: 'activePlatform',
		icon: { light: 'file:activeplatform.svg', dark: 'file:activeplatform.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read, create, complete and cancel reseller payments in ActivePlatform (API v3)',
		defaults: { name: 'ActivePlatform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
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

	customOperations = customOperations(api);
}
