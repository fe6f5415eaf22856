import { OperationTable } from '../shared/operations';
import type { NodeApi } from '../shared/run';
import { orderOperations } from './resources/order';
import { paymentConfirmationOperations } from './resources/paymentConfirmation';
import { refundOperations } from './resources/refund';
import { shipmentOperations } from './resources/shipment';
import { API, connectInvoicebox, CREDENTIAL_TYPE } from './transport/connection';
import { interpretInvoicebox } from './transport/interpret';

/** The Invoicebox node's operations: one table, read by the node and by the tests (coverage derives from it). */
export const api: NodeApi = {
	profile: {
		api: API,
		credentialType: CREDENTIAL_TYPE,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		connect: connectInvoicebox,
		interpret: interpretInvoicebox,
	},
	table: new OperationTable([
		orderOperations,
		paymentConfirmationOperations,
		refundOperations,
		shipmentOperations,
	]),
};
