/**
 * An expression that gives nothing is refused, never a default. n8n turns an
 * expression that fails (a TypeError, a missing field, a bad JSON.parse) into an
 * empty value: an empty Scheduled At would send now, an empty Sandbox send for
 * real, an empty STOP Notice send without STOP. Every field of every operation,
 * given such an expression, is refused naming it, and nothing is sent.
 */
import fc from 'fast-check';

import { operation, run, sandboxFixture } from '../support/fixtures';

/** [parameter path, its label, a value that passes the field's own checks]. */
type Field = [string, string, string | number | boolean];

/** A moment every schedule check accepts. */
const IN_TWO_DAYS = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
const TIMEOUT: Field = ['options.timeout', 'Timeout', 5000];
const FORMAT: Field = ['options.responseFormat', 'Response Format', 'json'];
const SEND_OPTIONS: Field[] = [
	['options.sender', 'Sender', 'MYSHOP'],
	['options.tag', 'Tag', 'promo'],
	['options.scheduledAt', 'Scheduled At', IN_TWO_DAYS],
	['options.replyUrl', 'Reply URL', 'https://n8n.example.com/webhook/r'],
	['options.deliveryReportUrl', 'Delivery Report URL', 'https://n8n.example.com/webhook/d'],
	['options.sandbox', 'Sandbox', true],
	['options.stopNotice', 'STOP Notice', true],
	['options.unicode', 'Unicode', false],
	['options.route', 'Route', 'premium'],
	TIMEOUT,
];

/**
 * Every operation, the fields it reads, and what its other fields hold meanwhile;
 * `fixed`: settings that take no expression (n8n's noDataExpression), set as given.
 */
const OPERATIONS: Array<{
	resource: string;
	name: string;
	fields: Field[];
	fixed?: Record<string, unknown>;
}> = [
	{
		resource: 'subAccount',
		name: 'removeCredit',
		fields: [
			['subaccount', 'Subaccount Token', 'sub-alpha'],
			['removeAll', 'Remove All Remaining Credit', false],
			['credit', 'Credit (EUR)', '1'],
			TIMEOUT,
			FORMAT,
			['options.maxConcurrency', 'Max Concurrent Requests', 1],
		],
	},
	{
		resource: 'subAccount',
		name: 'addCredit',
		fields: [
			['subaccount', 'Subaccount Token', 'sub-alpha'],
			['credit', 'Credit (EUR)', '1'],
			TIMEOUT,
		],
	},
	{
		resource: 'subAccount',
		name: 'getMany',
		fields: [
			['returnAll', 'Return All', false],
			['limit', 'Limit', 5],
			['options.includeApiKeys', 'Include API Keys', false],
			FORMAT,
		],
	},
	{
		resource: 'subAccount',
		name: 'create',
		fields: [
			['type', 'Type', 'simple'],
			['email', 'Email', 'new@sandbox.local'],
			['creditToAttribute', 'Starting Credit (EUR)', '5'],
			['additionalFields.firstname', 'First Name', 'Anne'],
		],
	},
	{
		resource: 'subAccount',
		name: 'delete',
		fields: [
			['subaccount', 'Subaccount Token', 'sub-empty'],
			['moveCreditBack', 'Move Remaining Credit Back First', false],
		],
	},
	{ resource: 'account', name: 'getBalance', fields: [TIMEOUT, FORMAT] },
	{
		resource: 'sms',
		name: 'send',
		fields: [
			['phoneNumbers', 'Phone Numbers', '0612345678'],
			['message', 'Message', 'Bonjour'],
			...SEND_OPTIONS,
			['options.maxConcurrency', 'Max Concurrent Requests', 1],
		],
	},
	{
		resource: 'sms',
		name: 'sendMany',
		fields: [
			['phoneNumber', 'Phone Number', '0612345678'],
			['message', 'Message', 'Bonjour'],
			...SEND_OPTIONS,
		],
	},
	{
		resource: 'sms',
		name: 'sendFromLongNumber',
		fields: [
			['longNumber', 'Long Number', '+33 7 00 00 00 00'],
			['phoneNumber', 'Phone Number', '0612345678'],
			['message', 'Message', 'Bonjour'],
			['options.tag', 'Tag', 'promo'],
			['options.replyUrl', 'Reply URL', 'https://n8n.example.com/webhook/r'],
			['options.deliveryReportUrl', 'Delivery Report URL', 'https://n8n.example.com/webhook/d'],
			['options.sandbox', 'Sandbox', true],
			['options.stopNotice', 'STOP Notice', true],
			TIMEOUT,
			FORMAT,
			['options.maxConcurrency', 'Max Concurrent Requests', 1],
		],
	},
	{
		resource: 'sms',
		name: 'getStatus',
		fields: [
			['messageId', 'Message ID', '48213377'],
			['phoneNumber', 'Phone Number', '0612345678'],
		],
	},
	{ resource: 'sms', name: 'cancel', fields: [['messageId', 'Message ID', '48213377']] },
	{
		resource: 'stopList',
		name: 'getMany',
		fields: [
			['returnAll', 'Return All', false],
			['limit', 'Limit', 5],
		],
	},
	{ resource: 'stopList', name: 'add', fields: [['phoneNumber', 'Phone Number', '0612345678']] },
	{ resource: 'stopList', name: 'remove', fields: [['id', 'ID', '12']] },
	{ resource: 'group', name: 'create', fields: [['name', 'Name', 'Clients'], TIMEOUT, FORMAT] },
	{
		resource: 'group',
		name: 'getMany',
		fields: [
			['returnAll', 'Return All', false],
			['limit', 'Limit', 5],
		],
	},
	// An unknown group: the runs that do reach the sandbox change nothing.
	{ resource: 'group', name: 'delete', fields: [['groupId', 'Group ID', '99999'], FORMAT] },
	{
		resource: 'contact',
		name: 'add',
		fields: [
			['groupId', 'Group ID', '52011'],
			['phoneNumber', 'Phone Number', '0612345678'],
			['additionalFields.firstName', 'First Name', 'Anne'],
			['additionalFields.lastName', 'Last Name', 'Martin'],
			['additionalFields.date', 'Date', '1990-06-21'],
			['additionalFields.url', 'URL', 'https://shop.example/offer'],
			['additionalFields.custom1', 'Custom 1', 'gold'],
			['additionalFields.custom4', 'Custom 4', 'x'],
			TIMEOUT,
		],
	},
	{
		resource: 'contact',
		name: 'update',
		fields: [
			['contactId', 'Contact ID', '424242'],
			['updateFields.phoneNumber', 'Phone Number', '0612345678'],
			['updateFields.firstName', 'First Name', 'Anne'],
			['updateFields.date', 'Date', '1990-06-21'],
			['updateFields.url', 'URL', 'https://shop.example/offer'],
			['updateFields.custom2', 'Custom 2', 'silver'],
		],
	},
	{ resource: 'contact', name: 'delete', fields: [['contactId', 'Contact ID', '424242']] },
	{ resource: 'contact', name: 'get', fields: [['contactId', 'Contact ID', '424242']] },
	{
		resource: 'contact',
		name: 'getMany',
		fields: [
			['groupId', 'Group ID', '52011'],
			['returnAll', 'Return All', false],
			['limit', 'Limit', 5],
		],
	},
	{
		resource: 'sms',
		name: 'getManyStatuses',
		fields: [
			['messageId', 'Message ID', '48213377'],
			['phoneNumber', 'Phone Number', '0612345678'],
			TIMEOUT,
		],
	},
	{
		resource: 'sms',
		name: 'getManyStatuses',
		fixed: { statusesBy: 'tag' },
		fields: [['tag', 'Tag', 'promo']],
	},
	{ resource: 'number', name: 'check', fields: [['phoneNumber', 'Phone Number', '0612345678']] },
	{
		resource: 'number',
		name: 'hlrLookup',
		fields: [
			['phoneNumber', 'Phone Number', '0612345678'],
			['notifyUrl', 'Notify URL', 'https://n8n.example.com/webhook/hlr'],
		],
	},
	{
		resource: 'account',
		name: 'getCosts',
		fields: [
			['period', 'Period', 'range'],
			['from', 'From', '2026-01-01'],
			['to', 'To', '2026-01-31'],
		],
	},
];

/** Expressions n8n evaluates to nothing on an item without `v`: failures, and plain emptiness. */
const EMPTY_EXPRESSIONS = [
	'{{ $json.v }}',
	'{{ $json.v.w }}',
	'{{ $json.v.toISO() }}',
	'{{ JSON.parse("{") }}',
	'{{ noSuchVariable }}',
	'{{ null }}',
	"{{ '   ' }}",
];

/** The node's parameters with every field at its good value, `broken` set to `expression`. */
function parametersWith(op: (typeof OPERATIONS)[number], broken: string[], expression: string) {
	const parameters: Record<string, unknown> = { ...op.fixed };
	for (const [path, , good] of op.fields) {
		const value = broken.includes(path) ? `=${expression}` : good;
		const [head, inner] = path.split('.');
		if (inner === undefined) parameters[head] = value;
		else parameters[head] = { ...((parameters[head] as object) ?? {}), [inner]: value };
	}
	return operation(op.resource, op.name, parameters);
}
const sandbox = sandboxFixture().startBefore('all');

describe.each(OPERATIONS)('$resource › $name', (op) => {
	test.each(op.fields)(
		'%s: an expression that gives nothing is refused, nothing sent',
		async (path, label) => {
			sandbox().calls.length = 0;
			const result = await run(sandbox(), {
				items: [{ other: 1 }],
				parameters: parametersWith(op, [path], '{{ $json.v.toISO() }}'),
				onError: 'continueErrorOutput',
			});
			expect(result.success).toEqual([]);
			expect(result.errors).toEqual([
				expect.objectContaining({
					error: expect.objectContaining({
						message: `${label} is empty: its expression gave nothing`,
						outcome: 'notSent',
						description: expect.stringContaining('{{ $json.v.toISO() }}'),
					}),
				}),
			]);
			expect(sandbox().calls).toEqual([]);
		},
	);
});

test('without On Error: Continue, the run stops on it, naming the field, with nothing sent', async () => {
	sandbox().calls.length = 0;
	const send = OPERATIONS.find((op) => op.name === 'send')!;
	const result = await run(sandbox(), {
		items: [{ v: IN_TWO_DAYS }, {}],
		parameters: parametersWith(send, ['options.scheduledAt'], '{{ $json.v }}'),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('Scheduled At is empty: its expression gave nothing');
	expect(sandbox().calls).toEqual([]);
});

test('property: random fields of random operations, random empty expressions, items with and without the value', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...OPERATIONS.filter((op) => op.name !== 'create')),
			fc.constantFrom(...EMPTY_EXPRESSIONS),
			fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
			fc.nat(),
			async (op, expression, hasValue, pick) => {
				const readable = op.fields.filter(([path]) => path !== 'options.maxConcurrency');
				const [path, label, good] = readable[pick % readable.length];
				// Items that have `v` give the good value through `{{ $json.v }}`; the others give nothing.
				const broken = hasValue.map((has) => (has ? { v: good } : { other: 1 }));
				sandbox().calls.length = 0;
				const result = await run(sandbox(), {
					items: broken,
					parameters: parametersWith(
						op,
						[path],
						hasValue.some(Boolean) ? '{{ $json.v }}' : expression,
					),
					onError: 'continueErrorOutput',
				});
				const refused = result.outputs[1] ?? [];
				const refusedItems = refused.map((item) => (item.pairedItem as { item: number }).item);
				const emptyItems = hasValue.flatMap((has, index) => (has ? [] : [index]));
				// Every item without the value is refused, naming the field; none of them reached SMS Partner.
				for (const index of emptyItems) {
					expect(refusedItems).toContain(index);
					const item = refused.find((r) => (r.pairedItem as { item: number }).item === index)!;
					expect(item.json.error).toMatchObject({
						message:
							expression === "{{ '   ' }}" && !hasValue.some(Boolean)
								? `${label} is blank: its expression gave only spaces`
								: `${label} is empty: its expression gave nothing`,
					});
				}
				if (emptyItems.length === hasValue.length) expect(sandbox().calls).toEqual([]);
			},
		),
		{ numRuns: 60 },
	);
}, 600_000);
