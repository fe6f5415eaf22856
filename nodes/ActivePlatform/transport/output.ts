import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { asObject } from '../../shared/json';
import type { ItemFunctions } from '../../shared/operations';

/** Output steps (postReceive) shared by the operations. */

/** `{id, type, attributes, relationships}` → `{id, type, ...attributes, relationships}`. */
export function flatten(resource: unknown): IDataObject {
	const r = asObject(resource);
	if (!r) return {};
	const out: IDataObject = {
		id: r.id as string,
		type: r.type as string,
		...(asObject(r.attributes) ?? {}),
	};
	if (r.relationships !== undefined) out.relationships = r.relationships;
	if (r.links !== undefined) out.links = r.links;
	return out;
}

const simplified = (ctx: ItemFunctions) => ctx.getNodeParameter('simplify', true) as boolean;

/** One payment: flattened (with `included` flattened too), or the raw JSON:API document. */
export async function singleResource(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (!simplified(this)) return items;
	return items.map((item) => {
		const out = flatten(item.json.data);
		if (Array.isArray(item.json.included)) out.included = item.json.included.map(flatten);
		return { json: out };
	});
}

/** A list page: one item per resource, flattened or as the raw resource object. */
export async function resourceList(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const simplify = simplified(this);
	return items.flatMap((item) => {
		const data = Array.isArray(item.json.data) ? item.json.data : [];
		return data.map((resource) => ({
			json: simplify ? flatten(resource) : (resource as IDataObject),
		}));
	});
}
