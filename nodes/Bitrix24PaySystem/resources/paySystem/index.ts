import { resourceOperations } from '../../../shared/operations';
import * as create from './create.operation';
import * as remove from './delete.operation';
import * as getAll from './getAll.operation';
import * as getInvoiceSettings from './getInvoiceSettings.operation';
import * as getPaymentSettings from './getPaymentSettings.operation';
import * as getSettings from './getSettings.operation';
import * as update from './update.operation';
import * as updateSettings from './updateSettings.operation';

/** Pay System: payment systems that use a REST handler (sale.paysystem.*). */

const operations = [
	create,
	remove,
	getInvoiceSettings,
	getAll,
	getPaymentSettings,
	getSettings,
	update,
	updateSettings,
];

export const paySystemOperations = resourceOperations(
	'paySystem',
	'getAll',
	operations.map((op) => op.spec),
);

export const paySystemFields = operations.flatMap((op) => op.fields);
