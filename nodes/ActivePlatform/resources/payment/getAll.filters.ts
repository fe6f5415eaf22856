import type { INodeProperties } from 'n8n-workflow';

/** The editor fields of Get Many's filters and sort (what they send: getAll.operation.ts). */

const STATUS_OPTIONS = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Expired', value: 'expired' },
	{ name: 'Paid From Balance', value: 'paid_from_balance' },
	{ name: 'Pending Billing', value: 'pending_billing' },
	{ name: 'Processing', value: 'processing' },
	{ name: 'Receipt Creating', value: 'receipt_creating' },
	{ name: 'Receipt Sent', value: 'receipt_sent' },
	{ name: 'Waiting for Payment', value: 'waiting_for_payment' },
];

const dateFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: `${description} Without a time zone, the platform's own time zone applies`,
});

export const filterFields: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'number',
			default: 0,
			description:
				'Only payments of this customer account (filter[account_id], not documented: the node also checks each ' +
				'row it gets)',
		},
		dateFilter(
			'Closed After',
			'closedAfter',
			'Only payments completed or cancelled after this moment (filter[closed_at][gt]).',
		),
		dateFilter(
			'Closed Before',
			'closedBefore',
			'Only payments completed or cancelled before this moment (filter[closed_at][lt]).',
		),
		dateFilter(
			'Created After',
			'createdAfter',
			'Only payments created after this moment (filter[created_at][gt]).',
		),
		dateFilter(
			'Created Before',
			'createdBefore',
			'Only payments created before this moment (filter[created_at][lt]).',
		),
		{
			displayName: 'Created On',
			name: 'createdOn',
			type: 'string',
			default: '',
			placeholder: '2024-05-01',
			description:
				"Only payments created on this day, YYYY-MM-DD in the platform's time zone (filter[created_at])",
		},
		{
			displayName: 'Document Number',
			name: 'documentId',
			type: 'string',
			default: '',
			placeholder: '002018',
			description:
				'Only the payment with this number, leading zeros included (filter[document_id], not documented: the ' +
				'node also checks each row it gets)',
		},
		{
			displayName: 'Other Filters',
			name: 'other',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Filter',
			description:
				'Filters this list does not offer, sent as filter[name]=value (e.g. name total[gt]). The node cannot ' +
				'check rows against these: an installation that ignores one returns every payment.',
			options: [
				{
					displayName: 'Filter',
					name: 'filter',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'external_total',
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Payment Method ID',
			name: 'paymentMethodId',
			type: 'number',
			default: 0,
			description:
				'Only payments completed with this payment method (filter[payment_method_id], not documented: the node ' +
				'also checks each row it gets)',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			default: [],
			description:
				'Only payments in one of these statuses (filter[status], values separated by commas; not documented: the ' +
				'node also checks each row it gets)',
			options: STATUS_OPTIONS,
		},
		dateFilter(
			'Updated After',
			'updatedAfter',
			'Only payments changed after this moment (filter[updated_at][gt]).',
		),
		dateFilter(
			'Updated Before',
			'updatedBefore',
			'Only payments changed before this moment (filter[updated_at][lt]).',
		),
	],
};

export const sortFields: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			default: 'created_at',
			description: 'Field to sort the payments by (sort)',
			options: [
				{ name: 'Account ID', value: 'account_id' },
				{ name: 'Closed At', value: 'closed_at' },
				{ name: 'Created At', value: 'created_at' },
				{ name: 'Document Number', value: 'document_id' },
				{ name: 'ID', value: 'id' },
				{ name: 'Status', value: 'status' },
				{ name: 'Total', value: 'total' },
				{ name: 'Updated At', value: 'updated_at' },
			],
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			default: 'ascending',
			options: [
				{ name: 'Ascending', value: 'ascending' },
				{ name: 'Descending', value: 'descending' },
			],
		},
	],
};
