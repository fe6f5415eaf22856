import { resourceOperations } from '../../../shared/operations';
import * as pay from './pay.operation';
import * as payInvoice from './payInvoice.operation';

/** Payment: mark order payments (and legacy invoices) paid. */

const operations = [pay, payInvoice];

export const paymentOperations = resourceOperations(
	'payment',
	'pay',
	operations.map((op) => op.spec),
);

export const paymentFields = operations.flatMap((op) => op.fields);
