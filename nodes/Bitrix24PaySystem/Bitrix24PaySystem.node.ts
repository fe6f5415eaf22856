import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	alreadyDoneOption,
	customOperations,
	rateLimitOptions,
	routingSender,
} from '../shared/run';
import { api } from './operations';
import { handlerFields } from './resources/handler';
import { withCodeChangeCheck, withCodeChangeCheckOnRoute } from './resources/handler/codeChange';
import { paySystemFields } from './resources/paySystem';
import { paymentFields } from './resources/payment';

export class Bitrix24PaySystem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 PaySystem',
		name: 'bitrix24PaySystem',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Set up Bitrix24 payment handlers and pay systems, and mark payments paid',
		defaults: { name: 'Bitrix24 PaySystem' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24WebhookApi', required: true }],
		requestOperations: { pagination: withCodeChangeCheckOnRoute(routingSender(api), api) },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'payment',
				options: [
					{ name: 'Handler', value: 'handler', description: 'REST payment handlers' },
					{
						name: 'Pay System',
						value: 'paySystem',
						description: 'Payment systems and their settings',
					},
					{ name: 'Payment', value: 'payment', description: 'Mark payments paid' },
				],
			},
			...api.table.properties(),
			...handlerFields,
			...paySystemFields,
			...paymentFields,
			alreadyDoneOption({ resource: ['handler', 'paySystem'], operation: ['create'] }),
			rateLimitOptions([
				{
					displayName: 'Send in Batches',
					name: 'sendInBatches',
					type: 'boolean',
					default: true,
					description:
						'Whether a run of several items sends its calls in Bitrix24 batch requests of up to ' +
						"50 (each batch counts once against the portal's request limit), instead of one " +
						'request per call',
				},
			]),
		],
	};

	customOperations = withCodeChangeCheck(customOperations(api), api);
}
