import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { handlers, personTypes } from './lists';

/** Options loaded from the portal for fields inside collections (where locators do not fit). */

export async function getHandlerCodes(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await handlers(this, 'CODE');
}

export async function getPersonTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await personTypes(this);
}
