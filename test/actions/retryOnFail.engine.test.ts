/**
 * n8n's Retry On Fail re-runs every item of the node when one fails. Given it on,
 * the operations that would move money, send SMS or create/delete a subaccount a
 * second time refuse to run and send nothing, and so does Get Costs, which SMS Partner
 * answers only 5 times a minute; every other operation, Cancel and
 * the Stop List's Add and Remove included (a second time is refused by SMS Partner
 * and changes nothing), goes to SMS Partner as usual.
 */
import { operation, run, startTestSandbox } from '../support/fixtures';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

let sandbox: Sandbox;
afterEach(async () => {
	await sandbox?.close();
});

const refused = [
	['subAccount', 'removeCredit', { subaccount: 'sub-alpha', credit: '1' }],
	['subAccount', 'addCredit', { subaccount: 'sub-alpha', credit: '1' }],
	['subAccount', 'create', { type: 'simple', email: 'new@shop.fr', creditToAttribute: '1' }],
	['subAccount', 'delete', { subaccount: 'sub-alpha' }],
	['sms', 'send', { phoneNumbers: '06 12 34 56 78', message: 'Hello' }],
	['sms', 'sendMany', { phoneNumber: '06 12 34 56 78', message: 'Hello' }],
	[
		'sms',
		'sendFromLongNumber',
		{ longNumber: '+33 7 00 00 00 00', phoneNumber: '06 12 34 56 78', message: 'Hello' },
	],
	['group', 'create', { name: 'Customers' }],
	['group', 'delete', { groupId: '52011' }],
	['contact', 'add', { groupId: '52011', phoneNumber: '06 12 34 56 78' }],
	['contact', 'update', { contactId: '871234', updateFields: { custom1: 'x' } }],
	['contact', 'delete', { contactId: '871234' }],
	['number', 'hlrLookup', { phoneNumber: '06 12 34 56 78', notifyUrl: 'https://n8n.test/hlr' }],
	['account', 'getCosts', {}],
] as const;

const runs = [
	['account', 'getBalance', {}],
	['subAccount', 'getMany', { returnAll: true }],
	['sms', 'getStatus', { messageId: '48213377' }],
	['sms', 'getManyStatuses', { messageId: '48213377', phoneNumber: '06 12 34 56 78' }],
	['number', 'check', { phoneNumber: '06 12 34 56 78' }],
	['sms', 'cancel', { messageId: '48213377' }],
	['stopList', 'getMany', { returnAll: true }],
	['stopList', 'add', { phoneNumber: '06 12 34 56 78' }],
	['stopList', 'remove', { id: '1042' }],
	['group', 'getMany', { returnAll: true }],
	['contact', 'get', { contactId: '871234' }],
	['contact', 'getMany', { groupId: '52011', returnAll: true }],
] as const;

async function runWithRetryOnFail(resource: string, name: string, parameters: object) {
	sandbox = await startTestSandbox();
	return await run(sandbox, {
		items: [{}],
		parameters: operation(resource, name, { ...parameters }),
		retryOnFail: true,
		onError: 'continueErrorOutput',
	});
}

test.each(refused)(
	'%s › %s refuses to run with Retry On Fail on: nothing sent',
	async (resource, name, parameters) => {
		const result = await runWithRetryOnFail(resource, name, parameters);

		expect(result.success).toEqual([]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].error).toMatchObject({ field: 'retryOnFail', outcome: 'notSent' });
		expect(sandbox.calls).toEqual([]);
	},
);

test.each(runs)(
	'%s › %s runs with Retry On Fail on: its request goes to SMS Partner',
	async (resource, name, parameters) => {
		const result = await runWithRetryOnFail(resource, name, parameters);

		for (const { error } of result.errors) {
			expect(error).not.toMatchObject({ field: 'retryOnFail' });
		}
		expect(sandbox.calls.length).toBeGreaterThan(0);
	},
);

test('Account › Get Costs says why it refuses: the 5 requests a minute a retry would spend', async () => {
	const result = await runWithRetryOnFail('account', 'getCosts', { period: 'lastTwelveMonths' });

	expect(result.errors).toHaveLength(1);
	expect(result.errors[0].error).toMatchObject({
		field: 'retryOnFail',
		outcome: 'notSent',
		message:
			'"Retry On Fail" is on for this node: Get Costs is refused, because SMS Partner answers it at most 5 times a minute, and n8n\'s retry would run every item again and spend those requests',
	});
	expect(JSON.stringify(result.errors[0].error)).not.toMatch(/move money|send SMS/);
	expect(sandbox.calls).toEqual([]);
});
