import type { INodeProperties } from 'n8n-workflow';

import { ANSWER_CODES } from './notification';

/** The trigger's fields. */

export const DEFAULT_MAX_BODY_KB = 1024;
export const DEFAULT_WINDOW_HOURS = 72;

export const properties: INodeProperties[] = [
	{
		displayName:
			'Invoicebox has no API to register a notification URL: paste the Production URL ' +
			"below into the shop's notification settings in the Invoicebox cabinet (with the " +
			'signature method HMAC and the algorithm chosen under Options), or pass it as ' +
			'Notification URL when creating an order (Invoicebox node → Order → Create). The ' +
			"credential needs the shop's Notification Key.",
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: ['paid'],
		description:
			'Which notifications start the workflow. Others are answered with success (so ' +
			'Invoicebox does not retry them) and start nothing.',
		options: [
			{ name: 'Any', value: '*', description: 'Every notification, whatever the status' },
			{
				name: 'Canceled',
				value: 'canceled',
				description: 'Status canceled: the shop canceled the order',
			},
			{
				name: 'Created',
				value: 'created',
				description: 'Status created: the order is waiting for payment',
			},
			{
				name: 'Expired',
				value: 'expired',
				description: 'Status expired: the order was not paid in time',
			},
			{
				name: 'Paid',
				value: 'paid',
				description: "Status completed (or success, as in Invoicebox's PHP SDK): the order is paid",
			},
			{
				name: 'Refund',
				value: 'refunded',
				description: 'A notification about a refund of a paid order (an order with a parentId)',
			},
		],
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		default: 'onReceived',
		options: [
			{
				name: 'Immediately With Success',
				value: 'onReceived',
				description:
					'Answer {"status": "success"} as soon as the notification is verified, then ' +
					'run the workflow (Invoicebox waits at most 20 seconds)',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description:
					`The workflow answers, within 20 seconds: {"status": "success"}, or {"status": ` +
					`"error", "code": "order_wrong_amount", "message": "..."} with one of the ` +
					`codes ${ANSWER_CODES.join(', ')} (only out_of_service makes Invoicebox try ` +
					`again). Use version 1 of the Respond to Webhook node: later versions only ` +
					`answer for n8n's own Webhook node.`,
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Emit Duplicate Deliveries',
				name: 'emitDuplicates',
				type: 'boolean',
				default: false,
				description:
					'Whether to start the workflow again for a notification already received ' +
					'(same order ID and status), marked isDuplicate: true. Off: a repeated ' +
					'delivery is answered with success and starts nothing. With Respond Using ' +
					"'Respond to Webhook' Node repeats are always passed on (marked), because " +
					'only the workflow knows what it answered the first time.',
			},
			{
				displayName: 'Emit Health Checks',
				name: 'emitHealthChecks',
				type: 'boolean',
				default: false,
				description:
					"Whether to start the workflow for Invoicebox's test notification (order ID " +
					'ffffffff-ffff-ffff-ffff-ffffffffffff, no merchantOrderId), marked ' +
					'isHealthCheck: true. Off: it is verified and answered with success.',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodySizeKb',
				type: 'number',
				default: DEFAULT_MAX_BODY_KB,
				typeOptions: { minValue: 1 },
				description: 'Larger requests are refused (HTTP 413) without starting the workflow',
			},
			{
				displayName: 'Merchant ID',
				name: 'merchantId',
				type: 'string',
				default: '',
				placeholder: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
				description:
					"Your shop's ID. When set, notifications for another shop are refused " +
					'(order_not_found) without starting the workflow, as Invoicebox asks shops ' +
					'to check.',
			},
			{
				displayName: 'Remember Deliveries For (Hours)',
				name: 'duplicateWindowHours',
				type: 'number',
				default: DEFAULT_WINDOW_HOURS,
				typeOptions: { minValue: 1 },
				description:
					'How long a delivery is remembered to recognise repeats (Invoicebox retries ' +
					'within 24 hours). At most 5000 deliveries are kept. A paid notification ' +
					'whose paidAt is older than this (and than 48 hours) is taken for a replayed ' +
					'copy: answered with success, logged as a warning, and it does not start the ' +
					'workflow.',
			},
			{
				displayName: 'Signature Algorithm',
				name: 'algorithm',
				type: 'options',
				default: 'sha1',
				description:
					"The HMAC algorithm set in the shop's notification settings (Invoicebox's default is SHA-1)",
				options: [
					{ name: 'HMAC-MD5', value: 'md5' },
					{ name: 'HMAC-SHA1', value: 'sha1' },
					{ name: 'HMAC-SHA256', value: 'sha256' },
					{ name: 'HMAC-SHA512', value: 'sha512' },
				],
			},
		],
	},
];
