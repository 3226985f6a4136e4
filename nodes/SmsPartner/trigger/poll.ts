/**
 * One poll of the SMS Partner Trigger. The memory between polls lives in n8n's
 * workflow static data, one key per event, and holds balances, tokens and STOP
 * ids: never a key. It is replaced only after a whole successful read, so a
 * failed poll emits nothing and leaves the previous memory as it was.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { nodeError } from '../helpers/nodeErrors';
import { redactorFor } from '../helpers/secrets';
import { getThreshold } from '../input/account';
import { getPollRequestOptions } from '../input/options';
import { apiKeyOfRun, forgetCredentials } from '../transport/credentials';
import { EVENTS, type EventName, type EventSettings, type TriggerEvent } from './events';

/** The static data n8n keeps for this node: one memory per event, so switching events starts afresh. */
type TriggerMemory = Partial<Record<EventName, unknown>>;

function getTriggerSettings(this: IPollFunctions, event: EventName): EventSettings {
	const options = getPollRequestOptions.call(this);
	if (event === 'newStop') return { threshold: 0, options };
	return { threshold: getThreshold.call(this), options };
}

function eventOf(this: IPollFunctions): EventName {
	const event = this.getNodeParameter('event') as string;
	if (!Object.hasOwn(EVENTS, event)) {
		throw new NodeOperationError(this.getNode(), `The event "${event}" is not supported`);
	}
	return event as EventName;
}

async function pollOnce(this: IPollFunctions): Promise<IDataObject[] | null> {
	const event = eventOf.call(this);
	const settings = getTriggerSettings.call(this, event);
	const handler: TriggerEvent<unknown> = EVENTS[event];

	// "Fetch Test Event" in the editor: real current examples; the memory is not touched.
	if (this.getMode() === 'manual') {
		const examples = await handler.examples.call(this, settings);
		return examples.length > 0 ? examples : null;
	}

	const staticData = this.getWorkflowStaticData('node') as TriggerMemory;
	const previous = handler.restoreMemory(staticData[event]);
	const { events, memory } = await handler.poll.call(this, previous, settings);
	// Assigned, not changed in place: n8n saves static data it sees assigned.
	staticData[event] = redactorFor([await apiKeyOfRun(this)]).json(memory);
	return events.length > 0 ? events : null;
}

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	forgetCredentials(this);
	let events: IDataObject[] | null;
	try {
		events = await pollOnce.call(this);
	} catch (error) {
		throw nodeError.call(this, error, undefined, redactorFor([await apiKeyOfRun(this)]));
	}
	if (events === null) return null;
	// A hostile answer may echo the key in any field: nothing leaves the trigger unmasked.
	const redact = redactorFor([await apiKeyOfRun(this)]);
	return [events.map((json) => ({ json: redact.json(json) }))];
}
