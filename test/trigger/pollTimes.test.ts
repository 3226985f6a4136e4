/**
 * The trigger's Poll Times, as n8n loads the package: n8n-core's own package loader
 * reads package.json and the built node files (dist/), then adds its Poll Times
 * parameter (every minute) in front of a polling node's properties.
 */
import path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { DEFAULT_POLL_TIMES } from '../../nodes/SmsPartner/trigger/pollTimes';

async function loadedTrigger(): Promise<INodeTypeDescription> {
	const loader = new PackageDirectoryLoader(path.join(__dirname, '..', '..'));
	await loader.loadAll();
	const trigger = loader.types.nodes.find((node) => node.name === 'smsPartnerTrigger');
	if (!trigger) throw new Error('n8n did not load smsPartnerTrigger from dist/');
	return trigger;
}

test('n8n loads one Poll Times parameter, checking every 15 minutes by default', async () => {
	const trigger = await loadedTrigger();
	const pollTimes = trigger.properties.filter((property) => property.name === 'pollTimes');
	expect(pollTimes).toHaveLength(1);
	expect(pollTimes[0].default).toEqual({ item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] });
	expect(DEFAULT_POLL_TIMES).toEqual(pollTimes[0].default);
});

test("a new trigger's parameters, as the editor fills them in, poll every 15 minutes", async () => {
	const trigger = await loadedTrigger();
	const parameters = NodeHelpers.getNodeParameters(
		trigger.properties,
		{},
		true,
		false,
		{ typeVersion: 1 },
		trigger,
	);
	expect(parameters?.pollTimes).toEqual({ item: [{ mode: 'everyX', value: 15, unit: 'minutes' }] });
});

test('the notice under Poll Times says how often and where to change it', async () => {
	const trigger = await loadedTrigger();
	const notice = trigger.properties.find(
		(property: INodeProperties) => property.name === 'pollNotice',
	);
	expect(notice?.displayName).toMatch(
		/^Checks every 15 minutes unless you change Poll Times above/,
	);
});
