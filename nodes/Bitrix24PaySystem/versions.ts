import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Version 1.1 opens on a read: Pay System → Get Many (and Handler → Get Many when Handler is
 * chosen). n8n saves a workflow's parameters without the ones equal to their defaults, so a node
 * saved at version 1 on Payment → Pay, Handler → Create or Pay System → Create may carry no
 * resource or operation at all: version 1 keeps the defaults it was saved with.
 */
export const VERSIONS = [1, 1.1];

const showFor = (
	property: INodeProperties,
	version: NonNullable<IDisplayOptions['show']>['@version'],
): IDisplayOptions => ({
	...property.displayOptions,
	show: { ...property.displayOptions?.show, '@version': version },
});

/** The property as version 1.1 shows it, and a copy with version 1's default when that differs. */
export function keepVersion1Default(
	property: INodeProperties,
	version1Default: string,
): INodeProperties[] {
	if (property.default === version1Default) return [property];
	return [
		{ ...property, displayOptions: showFor(property, [{ _cnd: { gte: 1.1 } }]) },
		{ ...property, default: version1Default, displayOptions: showFor(property, [1]) },
	];
}
