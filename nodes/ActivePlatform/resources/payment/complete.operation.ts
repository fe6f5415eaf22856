import type { INodeProperties } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { refusedAsDone } from '../../transport/alreadyDone';
import { explain } from '../../transport/explain';
import { singleResource } from '../../transport/output';
import { paymentsPath } from '../../transport/requests';
import { attributes, build, paymentIdOf, paymentMethodIdOf, URL_SET_BY_BUILD } from './fields';

/**
 * The seed: PATCH …/payments/{payment_id} with `{"data":{"attributes":{"payment_method_id": N}}}`
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/zavershenie-plateyoa-po-id).
 */
export const spec: OperationSpec = {
	name: 'Complete',
	value: 'complete',
	action: 'Complete a payment by ID',
	description:
		'Mark a payment waiting for payment or expired as paid with a payment method, when the money came outside ' +
		'the platform',
	method: 'PATCH',
	url: URL_SET_BY_BUILD,
	kind: 'write',
	alreadyDone: { refusal: refusedAsDone('complete') },
	explain,
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId, paymentIdOf(this));
		request.body = attributes({ payment_method_id: paymentMethodIdOf(this) });
	}),
	output: [singleResource],
};

/** Reseller ID, Payment ID and Payment Method ID only (fields.ts). */
export const fields: INodeProperties[] = [];
