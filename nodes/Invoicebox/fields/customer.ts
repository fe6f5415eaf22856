import type { INodeProperties } from 'n8n-workflow';

import { inputChoice } from './common';

/** The payer: type legal (organisation or sole trader) or private (a person), each with its own fields. */
export function customerFields(): INodeProperties[] {
	const common: INodeProperties[] = [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '79001112233',
			description: 'Digits with the country code',
		},
	];
	const legal: INodeProperties[] = [
		{
			displayName: 'INN',
			name: 'vatNumber',
			type: 'string',
			default: '',
			description:
				'Taxpayer number (vatNumber): 10 digits for an organisation, 12 for a sole trader',
		},
		{
			displayName: 'KPP',
			name: 'taxRegistrationReasonCode',
			type: 'string',
			default: '',
			description: 'Tax registration reason code (organisations only, 9 digits)',
		},
		{
			displayName: 'Registration Address',
			name: 'registrationAddress',
			type: 'string',
			default: '',
			description: 'Legal address',
		},
	];
	const privatePerson: INodeProperties[] = [
		{
			displayName: 'INN',
			name: 'vatNumber',
			type: 'string',
			default: '',
			description: 'Taxpayer number of the person (12 digits), if known',
		},
	];
	return [
		inputChoice(
			'Specify Customer',
			'customerInput',
			'The payer: typed in the fields below, or as JSON',
		),
		{
			displayName: 'Customer Type',
			name: 'customerType',
			type: 'options',
			default: 'legal',
			displayOptions: { show: { customerInput: ['fields'] } },
			options: [
				{ name: 'Legal (Organisation or Sole Trader)', value: 'legal' },
				{ name: 'Private (Individual)', value: 'private' },
			],
		},
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			default: '',
			displayOptions: { show: { customerInput: ['fields'] } },
			description: 'Name of the organisation or the person',
		},
		...(['legal', 'private'] as const).map(
			(type): INodeProperties => ({
				displayName: 'Customer Details',
				name: 'customerDetails',
				type: 'collection',
				placeholder: 'Add Detail',
				default: {},
				displayOptions: { show: { customerInput: ['fields'], customerType: [type] } },
				options: [...common, ...(type === 'legal' ? legal : privatePerson)],
			}),
		),
		{
			displayName: 'Customer (JSON)',
			name: 'customerJson',
			type: 'json',
			default: '{\n  "type": "legal",\n  "name": "",\n  "email": "",\n  "vatNumber": ""\n}',
			displayOptions: { show: { customerInput: ['json'] } },
			description: 'Customer object as Invoicebox documents it; sent as given',
		},
	];
}
