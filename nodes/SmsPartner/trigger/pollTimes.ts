import type { INodeProperties } from 'n8n-workflow';

/** How often the trigger checks unless the user changes it: 96 reads a day, not 1,440. */
export const DEFAULT_POLL_TIMES = { item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] };

/**
 * The trigger's properties, with a calmer default for Poll Times. n8n adds its own
 * Poll Times parameter (every minute) in front of a polling node's properties when
 * it loads the node, with `unshift`; a second parameter of that name would show
 * twice in the editor. So the list's `unshift` (not enumerable: the description's
 * JSON is unchanged) gives the parameter n8n adds this default.
 */
export function withCalmPollTimes(properties: INodeProperties[]): INodeProperties[] {
	const list = [...properties];
	Object.defineProperty(list, 'unshift', {
		value: (...added: INodeProperties[]) =>
			Array.prototype.unshift.apply(
				list,
				added.map((property) =>
					property.name === 'pollTimes' ? { ...property, default: DEFAULT_POLL_TIMES } : property,
				),
			),
		enumerable: false,
		writable: true,
		configurable: true,
	});
	return list;
}
