'use strict';
/**
 * Calls the node's editor lists (methods.listSearch) the way n8n's editor does: n8n's own
 * LoadOptionsContext over a one-node workflow holding the node's parameters and a credential
 * (n8n CLI: DynamicNodeParametersService.getResourceLocatorResults).
 */
const { LoadOptionsContext } = require('n8n-core');
const { Workflow, NodeHelpers } = require('n8n-workflow');
const { loadPackage, CredentialsHelper, PACKAGE } = require('../helpers/n8n');

async function listSearch({ method, parameters = {}, credentials, filter, paginationToken }) {
	const loader = await loadPackage();
	const nodeType = NodeHelpers.getVersionedNodeType(loader.nodeTypes.invoicebox.type, 2);
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: `${PACKAGE}.invoicebox`,
		typeVersion: 2,
		position: [0, 0],
		parameters,
		credentials: { invoiceboxApi: { id: 'cred', name: 'Invoicebox' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: new CredentialsHelper(loader, { invoiceboxApi: credentials }),
		currentNodeParameters: parameters,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		variables: {},
	};
	const context = new LoadOptionsContext(workflow, workflow.getNode('Temp-Node'), additionalData, 'parameters');
	return await nodeType.methods.listSearch[method].call(context, filter, paginationToken);
}

module.exports = { listSearch };
