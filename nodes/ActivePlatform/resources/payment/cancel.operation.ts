import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { refusedAsDone } from '../../transport/alreadyDone';
import { explain } from '../../transport/explain';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { build, paymentIdOf, URL_SET_BY_BUILD } from './fields';

/** DELETE …/payments/{payment_id}: only a payment waiting for payment and not of a postpaid invoice. */
export const spec: OperationSpec = {
	name: 'Cancel',
	value: 'cancel',
	action: 'Cancel a payment',
	description: 'Cancel a payment that is waiting for payment (DELETE)',
	method: 'DELETE',
	url: URL_SET_BY_BUILD,
	kind: 'write',
	alreadyDone: { refusal: refusedAsDone('cancel') },
	explain,
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId, paymentIdOf(this));
	}),
	output: [singleResource],
};

/** Reseller ID and Payment ID only (fields.ts). */
export const fields: INodeProperties[] = [];
