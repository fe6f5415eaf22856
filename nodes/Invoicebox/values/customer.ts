import type { IDataObject } from 'n8n-workflow';

import type { ItemFunctions } from '../../shared/operations';
import { describe, invalid } from '../../shared/validation';
import { optional, parseJson } from './text';

const CUSTOMER_TYPES = ['legal', 'private'];

/** The payer, from the fields for its type (legal: organisation or sole trader; private: a person) or from JSON. */
export function customer(ctx: ItemFunctions): IDataObject {
	const input = ctx.getNodeParameter('customerInput', 'fields') as string;
	if (input === 'json') {
		const field = 'Customer (JSON)';
		const parsed = parseJson(
			ctx,
			field,
			ctx.getNodeParameter('customerJson', ''),
			'{"type": "legal", "name": "..."}',
		);
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			invalid(ctx, field, `must be a JSON object ({...}), got ${describe(parsed)}`);
		}
		const value = parsed as IDataObject;
		if (value.type !== undefined && !CUSTOMER_TYPES.includes(String(value.type))) {
			invalid(ctx, `${field} → type`, `must be legal or private, got ${describe(value.type)}`);
		}
		return value;
	}
	const type = ctx.getNodeParameter('customerType', 'legal') as string;
	const details = ctx.getNodeParameter('customerDetails', {}) as IDataObject;
	const result: IDataObject = { type };
	optional(result, { name: ctx.getNodeParameter('customerName', '') }, ['name']);
	const keys =
		type === 'legal'
			? ['email', 'phone', 'vatNumber', 'taxRegistrationReasonCode', 'registrationAddress']
			: ['email', 'phone', 'vatNumber'];
	optional(result, details, keys);
	if (result.phone !== undefined) {
		const digits = String(result.phone).replace(/[\s()+-]/g, '');
		if (!/^\d{5,15}$/.test(digits)) {
			invalid(
				ctx,
				'Customer Details → Phone',
				`must be digits with the country code such as 79001112233, got ${describe(result.phone)}`,
			);
		}
		result.phone = digits;
	}
	if (result.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(result.email))) {
		invalid(
			ctx,
			'Customer Details → Email',
			`is not an email address, got ${describe(result.email)}`,
		);
	}
	return result;
}
