/** SMS › Send From Long Number through n8n's engine against the sandbox. */
import { VN_SEND_JSON_DOCUMENTED } from '../../support/documentedAnswers';
import { start as startWebhookTrigger } from '../../support/webhookHarness';
import {
	ACCOUNT_REFUSALS,
	KEY,
	operation,
	run,
	sandboxFixture,
	type TestSandbox,
} from '../../support/fixtures';

const sandboxes = sandboxFixture();

const VN_SEND = '/vn/send';
/** The long number the sandbox's accounts rent. */
const RENTED = '33700000000';

const sendFromLongNumber = (parameters: Record<string, unknown> = {}) =>
	operation('sms', 'sendFromLongNumber', {
		longNumber: '={{ $json.from }}',
		phoneNumber: '={{ $json.to }}',
		message: '={{ $json.text }}',
		...parameters,
	});

const item = (fields: Record<string, unknown> = {}) => ({
	from: '+33 7 00 00 00 00',
	to: '06 12 34 56 78',
	text: 'Bonjour, votre RDV est demain 10h. Répondez OUI ou NON',
	...fields,
});

test('sends from the long number, as SMS Partner wants it, and outputs what it cost', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, { items: [item()], parameters: sendFromLongNumber() });
	expect(result.success).toEqual([
		{
			messageId: expect.any(String),
			recipients: ['+33612345678'],
			from: '+33700000000',
			parts: 1,
			cost: 0.045,
			currency: 'EUR',
			sandbox: false,
			encoding: 'GSM-7',
			characters: 54,
			partsPerRecipient: 1,
		},
	]);
	expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	expect(sandbox.calls).toEqual([expect.objectContaining({ method: 'POST', path: VN_SEND })]);
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		to: '+33612345678',
		from: RENTED,
		message: 'Bonjour, votre RDV est demain 10h. Répondez OUI ou NON',
		_format: 'json',
	});
	expect(sandbox.account(KEY).credit).toBe(999.955);
	const [message] = sandbox.messages(KEY);
	expect(result.success[0].messageId).toBe(String(message.id));
	expect(message.from).toBe(RENTED);
});

test.each([
	['+33 7 00 00 00 00', RENTED],
	['07 00 00 00 00', RENTED],
	['0700000000', RENTED],
	['33700000000', RENTED],
	['0033 7 00 00 00 00', RENTED],
	['+33 0 7 00 00 00 00', RENTED],
	['+33.6.12.00.00.00', '33612000000'],
	[33612000000, '33612000000'],
])('a Long Number written %j goes out as %s', async (written, sent) => {
	const sandbox = await sandboxes.start();
	sandbox.account(KEY).longNumbers = [RENTED, '33612000000'];
	const result = await run(sandbox, {
		items: [item({ from: written })],
		parameters: sendFromLongNumber(),
	});
	expect(sandbox.calls[0].body.from).toBe(sent);
	expect(result.success[0].from).toBe(`+${sent}`);
});

test('its options go out in SMS Partner’s own fields; Sandbox sends nothing and bills nothing', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item()],
		parameters: sendFromLongNumber({
			options: {
				tag: 'Relance-Dec',
				sandbox: true,
				stopNotice: true,
				replyUrl: 'https://n8n.example.com/webhook/replies',
				deliveryReportUrl: 'https://n8n.example.com/webhook/dlr',
			},
		}),
	});
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		to: '+33612345678',
		from: RENTED,
		message: 'Bonjour, votre RDV est demain 10h. Répondez OUI ou NON',
		tag: 'relance-dec',
		isStopSms: 1,
		sandbox: 1,
		urlResponse: 'https://n8n.example.com/webhook/replies',
		urlDlr: 'https://n8n.example.com/webhook/dlr',
		_format: 'json',
	});
	expect(result.success[0]).toMatchObject({ sandbox: true, estimatedCost: 0.045 });
	expect(result.success[0]).not.toHaveProperty('cost');
	expect(sandbox.account(KEY).credit).toBe(1000);
});

test('Send’s options it does not offer (Route, Sender, Unicode) never reach SMS Partner', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item({ text: 'Bonjour' })],
		parameters: sendFromLongNumber({
			options: { route: 'lowCost', sender: 'MYSHOP', unicode: true, sandbox: true },
		}),
	});
	// n8n drops options an operation does not show before the node reads them.
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		to: '+33612345678',
		from: RENTED,
		message: 'Bonjour',
		sandbox: 1,
		_format: 'json',
	});
	expect(result.success[0]).toMatchObject({ encoding: 'GSM-7' });
});

test.each([
	['a date', '25/12/2030 10:00'],
	['empty', ''],
	['an expression that gave nothing', '={{ $json.nothing }}'],
])(
	'a Scheduled At (%s) brought over from Send is refused, never sent at once',
	async (_label, scheduledAt) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [item({ text: 'Bonjour' })],
			parameters: sendFromLongNumber({ options: { scheduledAt, sandbox: true } }),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({ field: 'scheduledAt', outcome: 'notSent' });
		expect(sandbox.callCount()).toBe(0);
	},
);

test('line breaks and € are written the way SMS Partner counts them', async () => {
	const sandbox = await sandboxes.start();
	const text = `Total : 12 €\n${'x'.repeat(150)}`;
	const result = await run(sandbox, {
		items: [item({ text })],
		parameters: sendFromLongNumber(),
	});
	expect(sandbox.calls[0].body.message).toBe(`Total : 12 :euro::br:${'x'.repeat(150)}`);
	expect(result.success[0]).toMatchObject({ characters: 165, partsPerRecipient: 2, parts: 2 });
});

test('XML gives the same items as JSON', async () => {
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [item(), item({ to: '+99912345678' })],
			parameters: sendFromLongNumber({ options: { responseFormat } }),
			onError: 'continueErrorOutput',
		});
		expect(sandbox.calls[0].body._format).toBe(responseFormat);
		outputs.push([result.success, result.errors]);
	}
	expect(outputs[1]).toEqual(outputs[0]);
	expect(outputs[0][0]).toHaveLength(1);
	expect(outputs[0][1]).toHaveLength(1);
});

test('the answer as SMS Partner’s long-number page prints it is read', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(VN_SEND, { body: VN_SEND_JSON_DOCUMENTED });
	const result = await run(sandbox, { items: [item()], parameters: sendFromLongNumber() });
	expect(result.success).toEqual([
		expect.objectContaining({
			messageId: '48213377',
			recipients: ['+33612345678'],
			from: '+33700000000',
			parts: 1,
			cost: 0.045,
			currency: 'EUR',
		}),
	]);
});

const BAD_INPUT: Array<{
	name: string;
	item: Record<string, unknown>;
	options?: object;
	field: string;
	says: RegExp;
}> = [
	{
		name: 'an expression giving no long number',
		item: item({ from: '' }),
		field: 'longNumber',
		says: /^Long Number is empty: its expression gave nothing$/,
	},
	{
		name: 'a French landline as the long number',
		item: item({ from: '01 23 45 67 89' }),
		field: 'longNumber',
		says: /^Long Number "01 23 45 67 89" is a French landline or special number/,
	},
	{
		name: 'a foreign long number',
		item: item({ from: '+32 470 12 34 56' }),
		field: 'longNumber',
		says: /^Long Number "\+32 470 12 34 56" is not a French long number: .*\+33 6… or \+33 7…/,
	},
	{
		name: 'a long number missing a digit',
		item: item({ from: '+33 7 00 00 00 0' }),
		field: 'longNumber',
		says: /is not a French long number/,
	},
	{
		name: 'a long number as an object',
		item: item({ from: { n: 1 } }),
		field: 'longNumber',
		says: /^Long Number must be text/,
	},
	{
		name: 'no recipient',
		item: item({ to: '' }),
		field: 'phoneNumber',
		says: /^Phone Number is empty/,
	},
	{
		name: 'a landline recipient',
		item: item({ to: '01 23 45 67 89' }),
		field: 'phoneNumber',
		says: /"01 23 45 67 89" is a French landline or special number/,
	},
	{
		name: 'two recipients',
		item: item({ to: '0612345678, 0698765432' }),
		field: 'phoneNumber',
		says: /looks like 2 numbers: give one number per item/,
	},
	{
		name: 'an empty message',
		item: item({ text: '  ' }),
		field: 'message',
		says: /Message is blank: its expression gave only spaces/,
	},
	{
		name: 'an emoji (no Unicode on long-number sends)',
		item: item({ text: 'Merci 🙏' }),
		field: 'message',
		says: /without Unicode: U\+1F64F an emoji "🙏" at character 7$/,
	},
	{
		name: '11 parts',
		item: item({ text: 'a'.repeat(153 * 10 + 1) }),
		field: 'message',
		says: /11 SMS: SMS Partner sends at most 10/,
	},
	{
		name: 'a tag with accents',
		item: item(),
		options: { tag: 'Relance-Décembre' },
		field: 'tag',
		says: /^Tag "Relance-Décembre" has "é"/,
	},
	{
		name: 'a 21-character tag',
		item: item(),
		options: { tag: 'a'.repeat(21) },
		field: 'tag',
		says: /1 to 20/,
	},
	{
		name: 'a reply URL that is not http',
		item: item(),
		options: { replyUrl: 'ftp://x.example' },
		field: 'replyUrl',
		says: /Reply URL "ftp:\/\/x.example"/,
	},
	{
		name: 'a delivery URL that is no URL',
		item: item(),
		options: { deliveryReportUrl: 'n8n webhook' },
		field: 'deliveryReportUrl',
		says: /Delivery Report URL/,
	},
	{
		name: 'a Sandbox that is neither on nor off',
		item: item(),
		options: { sandbox: 'yes' },
		field: 'sandbox',
		says: /Sandbox must be true or false/,
	},
];

test.each(BAD_INPUT)('$name is refused before anything is sent, naming the field', async (c) => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ ...c.item, kept: true }],
		parameters: sendFromLongNumber(c.options ? { options: c.options } : {}),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors).toEqual([
		expect.objectContaining({
			kept: true,
			error: expect.objectContaining({
				field: c.field,
				outcome: 'notSent',
				message: expect.stringMatching(c.says),
			}),
		}),
	]);
	expect(sandbox.callCount()).toBe(0);
});

test('the emoji refusal does not point to a Unicode option this operation lacks', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item({ text: 'Merci 🙏' })],
		parameters: sendFromLongNumber(),
		onError: 'continueErrorOutput',
	});
	const { description } = result.errors[0].error as { description: string };
	expect(description).toMatch(/Remove them: SMS Partner documents no Unicode for this send/);
	expect(description).not.toMatch(/Unicode option/);
});

test('one bad item among many stops the run before any SMS is sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item(), item({ to: '0698765432' }), item({ from: '0123456789' })],
		parameters: sendFromLongNumber(),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/^Long Number "0123456789"/);
	expect(result.run.data.resultData.error).toMatchObject({ context: { itemIndex: 2 } });
	expect(sandbox.callCount()).toBe(0);
});

test('with an error output, a bad item goes there and the others are sent, in order, paired', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item(), item({ to: '0712' }), item({ to: '0698765432' })],
		parameters: sendFromLongNumber(),
		onError: 'continueErrorOutput',
	});
	expect(result.success.map((output) => output.recipients)).toEqual([
		['+33612345678'],
		['+33698765432'],
	]);
	expect(result.outputs[0].map((output) => output.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	expect(result.errors).toHaveLength(1);
	expect(result.errors[0].error).toMatchObject({ field: 'phoneNumber', outcome: 'notSent' });
	expect(result.outputs[1][0].pairedItem).toEqual({ item: 1 });
	expect(sandbox.callCount(VN_SEND)).toBe(2);
});

test('"Continue (regular output)" keeps the error item on the single output, in its place', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item(), item({ from: '33711111111' })],
		parameters: sendFromLongNumber(),
		onError: 'continueRegularOutput',
	});
	expect(result.outputs).toHaveLength(1);
	expect(result.outputs[0].map((output) => output.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(result.outputs[0][0].json).toMatchObject({ from: '+33700000000' });
	expect(result.outputs[0][1].json.error).toMatchObject({ code: 9, outcome: 'rejected' });
});

type SendCase = {
	code: number;
	message: string | RegExp;
	apiKey?: string;
	to?: string;
	from?: string;
	text?: string;
	setup?: (sandbox: TestSandbox) => void;
	forced?: boolean;
};

const CODES: SendCase[] = [
	...ACCOUNT_REFUSALS,
	{ code: 11, message: 'Insufficient credit', setup: (s) => (s.account(KEY).credit = 0.01) },
	{ code: 13, message: 'SMS Partner has no price for this destination', to: '+99912345678' },
	{
		code: 14,
		message: "A number is on the account's STOP list",
		setup: (s) => s.addStop('0612345678', KEY),
	},
	{ code: 9, message: 'SMS Partner refused a field of the request', from: '+33 7 11 11 11 11' },
	...[2, 43, 52, 90, 500].map((code) => ({
		code,
		message: expect.any(String) as unknown as string,
		forced: true,
	})),
];

test.each(CODES)(
	'code $code goes to the error output with the input item kept, nothing billed',
	async (c) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		c.setup?.(sandbox);
		if (c.forced) sandbox.forceCode(VN_SEND, c.code);
		const credit = sandbox.account(KEY).credit;
		const result = await run(sandbox, {
			apiKey: c.apiKey ?? KEY,
			items: [{ ...item({ to: c.to ?? '0612345678', from: c.from ?? RENTED }), note: 'kept' }],
			parameters: sendFromLongNumber(),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors).toEqual([
			expect.objectContaining({
				note: 'kept',
				error: expect.objectContaining({
					message: c.forced
						? expect.stringContaining(`(SMS Partner code ${c.code})`)
						: `${c.message} (SMS Partner code ${c.code})`,
					code: c.code,
					outcome: 'rejected',
				}),
			}),
		]);
		expect(sandbox.account(KEY).credit).toBe(credit);
		expect(sandbox.callCount(VN_SEND)).toBe(1);
	},
);

test('a long number the account does not rent: code 9 names `from` in SMS Partner’s words', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [item({ from: '07 11 11 11 11' })],
		parameters: sendFromLongNumber(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code: 9,
		description: expect.stringContaining(
			"from: Le numéro virtuel 33711111111 n'appartient pas à votre compte",
		),
	});
});

test('without an error output, a refusal stops the workflow naming the code', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('0612345678', KEY);
	const result = await run(sandbox, { items: [item()], parameters: sendFromLongNumber() });
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe(
		"A number is on the account's STOP list (SMS Partner code 14)",
	);
});

const UNKNOWN_OUTCOMES: Array<{ name: string; fault: Record<string, unknown>; options?: object }> =
	[
		{
			name: 'a timeout after SMS Partner sent it',
			fault: { act: true, delayMs: 1500 },
			options: { timeout: 300 },
		},
		{ name: 'a reset after SMS Partner sent it', fault: { act: true, reset: true } },
		{ name: 'HTTP 500', fault: { act: true, status: 500, body: 'Internal Server Error' } },
		{
			name: 'a success without message_id',
			fault: { act: true, answer: { success: true, code: 200, nb_sms: 1, cost: 0.045 } },
		},
		{
			name: 'a success counting no SMS for a real send',
			fault: {
				act: true,
				answer: { success: true, code: 200, message_id: 5, nb_sms: 0, cost: 0, currency: 'EUR' },
			},
		},
	];

test.each(UNKNOWN_OUTCOMES)(
	'$name: outcome unknown, sent once, never reported as sent',
	async (c) => {
		const sandbox = await sandboxes.start();
		sandbox.fault(VN_SEND, c.fault);
		const result = await run(sandbox, {
			items: [item()],
			parameters: sendFromLongNumber(c.options ? { options: c.options } : {}),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			outcome: 'unknown',
			description: expect.stringContaining('The SMS may have been sent and billed'),
		});
		expect(sandbox.callCount(VN_SEND)).toBe(1);
		expect(sandbox.messages(KEY)).toHaveLength(1);
	},
);

test('Get Status reads a long-number send like any other', async () => {
	const sandbox = await sandboxes.start({ deliveryMs: 0 });
	const sent = await run(sandbox, { items: [item()], parameters: sendFromLongNumber() });
	const { messageId } = sent.success[0] as { messageId: string };
	const status = await run(sandbox, {
		items: [{ messageId }],
		parameters: operation('sms', 'getStatus', {
			messageId: '={{ $json.messageId }}',
			phoneNumber: '06 12 34 56 78',
		}),
	});
	expect(status.success[0]).toMatchObject({ phoneNumber: '+33612345678', status: 'delivered' });
});

test('the API key is in no output, error or log of a send, a refusal or a fault', async () => {
	// run() fails a test whose run record holds the key in any spelling; these runs echo it.
	const sandbox = await sandboxes.start();
	sandbox.fault('+33698765432', {
		answer: { success: false, code: 10, message: `Clé ${KEY} incorrecte` },
	});
	const result = await run(sandbox, {
		items: [item(), item({ to: '+33698765432' }), item({ from: '' })],
		parameters: sendFromLongNumber(),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toHaveLength(1);
	expect(result.errors).toHaveLength(2);
	expect(JSON.stringify(result.outputs)).not.toContain(KEY);
});

test('the reply reaches the Webhook Trigger as "Message to My Long Number", to the number it was sent from', async () => {
	const sandbox = await sandboxes.start();
	const trigger = await startWebhookTrigger({
		secret: 'r8Tq2-Vn5XwZ7pLs0cB3yUmK9hFdJa4e',
		events: ['longNumberMessage'],
	});
	try {
		const sent = await run(sandbox, {
			items: [item()],
			parameters: sendFromLongNumber({ options: { replyUrl: trigger.url } }),
		});
		const [output] = sent.success as Array<{ from: string; recipients: string[] }>;
		expect(await sandbox.reply({ phoneNumber: '0612345678', text: 'OUI' })).toMatchObject({
			status: 200,
		});
		const [event] = await trigger.nextExecution();
		expect(event).toMatchObject({
			event: 'longNumberMessage',
			phoneNumber: output.recipients[0],
			to: output.from,
			text: 'OUI',
			complete: true,
		});
		await trigger.settled();
		expect(trigger.failures).toEqual([]);
	} finally {
		await trigger.close();
	}
});
