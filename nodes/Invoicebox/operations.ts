import type { NodeApi } from '../shared/run';
import { OperationTable } from '../shared/operations';
import { orderOperations } from './resources/order';
import { paymentConfirmationOperations } from './resources/paymentConfirmation';
import { refundOperations } from './resources/refund';
import { shipmentOperations } from './resources/shipment';
import { invoiceboxProfile } from './transport';

/** The Invoicebox node's operations: one table, read by the node and by the tests (coverage derives from it). */
export const api: NodeApi = {
	profile: invoiceboxProfile,
	table: new OperationTable([orderOperations, paymentConfirmationOperations, refundOperations, shipmentOperations]),
};
