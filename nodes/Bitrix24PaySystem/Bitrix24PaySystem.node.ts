import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	alreadyDoneOption,
	customOperations,
	rateLimitOptions,
	routingSender,
} from '../shared/run';
import { api } from './operations';
import { handlerFields } from './resources/handler';
import { paySystemFields } from './resources/paySystem';
import { paymentFields } from './resources/payment';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { keepVersion1Default, VERSIONS } from './versions';

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'paySystem',
	options: [
		{ name: 'Handler', value: 'handler', description: 'Set up REST payment handlers' },
		{
			name: 'Pay System',
			value: 'paySystem',
			description: 'Set up payment systems and their settings',
		},
		{ name: 'Payment', value: 'payment', description: 'Mark payments paid' },
	],
};

/** Each resource's Operation field, with version 1's default where it differs. */
const VERSION_1_OPERATION: Record<string, string> = { handler: 'create', paySystem: 'create' };
const operations = api.table.resources.flatMap(({ resource: name, property }) =>
	VERSION_1_OPERATION[name] ? keepVersion1Default(property, VERSION_1_OPERATION[name]) : [property],
);

/** The canvas subtitle in words: the action of the chosen operation ("Get many pay systems"). */
const ACTIONS = Object.fromEntries(
	api.table.entries().map(([name, spec]) => [`${name}.${spec.value}`, spec.action]),
);
const subtitle = `={{ (${JSON.stringify(ACTIONS)})[$parameter["resource"] + "." + $parameter["operation"]] }}`;

export class Bitrix24PaySystem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 PaySystem',
		name: 'bitrix24PaySystem',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['transform'],
		version: VERSIONS,
		defaultVersion: 1.1,
		subtitle,
		description: 'Set up Bitrix24 payment handlers and pay systems, and mark payments paid',
		defaults: { name: 'Bitrix24 PaySystem' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24WebhookApi', required: true }],
		// With methods, n8n gives the node the routing engine's execute (used when it runs as an AI
		// tool) only when it has requestDefaults.
		requestDefaults: {},
		requestOperations: { pagination: routingSender(api) },
		properties: [
			...keepVersion1Default(resource, 'payment'),
			...operations,
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

	methods = { listSearch, loadOptions };

	customOperations = customOperations(api);
}
