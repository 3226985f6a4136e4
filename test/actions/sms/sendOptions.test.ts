/**
 * Send and Send Many share their Options, so that switching the operation keeps
 * Sandbox and Scheduled At. The editor test proves it by clicking in n8n's editor;
 * these checks keep the description in the shape that makes it hold, with
 * n8n-workflow's own getNodeParameters and displayParameter.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { SmsPartner } from '../../../nodes/SmsPartner/SmsPartner.node';

const description = new SmsPartner().description;
const node = { typeVersion: 1 } as const;

function shownOptionsFields(parameters: INodeParameters): INodeProperties[] {
	return description.properties.filter(
		(property) =>
			property.name === 'options' &&
			NodeHelpers.displayParameter(parameters, property, node, description),
	);
}

test('one Options parameter is shown for both Send and Send Many', () => {
	const [send] = shownOptionsFields({ resource: 'sms', operation: 'send' });
	const [sendMany] = shownOptionsFields({ resource: 'sms', operation: 'sendMany' });
	expect(shownOptionsFields({ resource: 'sms', operation: 'send' })).toHaveLength(1);
	expect(shownOptionsFields({ resource: 'sms', operation: 'sendMany' })).toHaveLength(1);
	expect(sendMany).toBe(send);
});

test("its display condition names the operation by its root path: n8n's editor empties a collection whose condition names the changed parameter as it is", () => {
	const [shared] = shownOptionsFields({ resource: 'sms', operation: 'send' });
	expect(Object.keys(shared.displayOptions?.show ?? {})).not.toContain('operation');
	expect(Object.keys(shared.displayOptions?.hide ?? {})).not.toContain('operation');
	expect(shared.displayOptions?.show?.['/operation']).toEqual([
		'send',
		'sendMany',
		'sendAndWaitForReply',
		'sendFromLongNumber',
	]);
});

test('switched to Send Many, Sandbox, Scheduled At and Max Concurrent Requests (its batches in flight) stay; Send-only Response Format goes', () => {
	const kept = NodeHelpers.getNodeParameters(
		description.properties,
		{
			resource: 'sms',
			operation: 'sendMany',
			options: {
				sandbox: true,
				scheduledAt: '25/12/2026 10:00',
				maxConcurrency: 4,
				responseFormat: 'xml',
			},
		},
		false,
		false,
		node,
		description,
	);
	expect(kept?.options).toEqual({
		sandbox: true,
		scheduledAt: '25/12/2026 10:00',
		maxConcurrency: 4,
	});
});

test('the Options of other resources are not shown on SMS › Send', () => {
	const shown = shownOptionsFields({ resource: 'sms', operation: 'send' });
	const names = (shown[0].options as INodeProperties[]).map((option) => option.name);
	expect(names).toEqual(expect.arrayContaining(['sandbox', 'scheduledAt', 'stopNotice']));
	expect(shownOptionsFields({ resource: 'subAccount', operation: 'removeCredit' })).toHaveLength(1);
	expect(shownOptionsFields({ resource: 'subAccount', operation: 'removeCredit' })[0]).not.toBe(
		shown[0],
	);
});

test('switched to Send From Long Number, what /vn/send takes stays; Route, Sender, Unicode and Scheduled At go', () => {
	const everything = {
		sandbox: true,
		tag: 'promo',
		stopNotice: true,
		replyUrl: 'https://n8n.example.com/webhook/r',
		deliveryReportUrl: 'https://n8n.example.com/webhook/d',
		timeout: 5000,
		responseFormat: 'xml',
		maxConcurrency: 2,
		route: 'lowCost',
		sender: 'MYSHOP',
		unicode: true,
		scheduledAt: '25/12/2026 10:00',
	};
	const [shown] = shownOptionsFields({ resource: 'sms', operation: 'sendFromLongNumber' });
	expect(shown).toBe(shownOptionsFields({ resource: 'sms', operation: 'send' })[0]);
	const kept = NodeHelpers.getNodeParameters(
		description.properties,
		{ resource: 'sms', operation: 'sendFromLongNumber', options: everything },
		false,
		false,
		node,
		description,
	);
	expect(kept?.options).toEqual({
		sandbox: true,
		tag: 'promo',
		stopNotice: true,
		replyUrl: 'https://n8n.example.com/webhook/r',
		deliveryReportUrl: 'https://n8n.example.com/webhook/d',
		timeout: 5000,
		responseFormat: 'xml',
		maxConcurrency: 2,
		// Kept, so that the node refuses it rather than send at once (sendFromLongNumber tests).
		scheduledAt: '25/12/2026 10:00',
	});
});
