/** SMS › Send through n8n's engine against the sandbox. */
import {
	ACCOUNT_REFUSALS,
	KEY,
	operation,
	run,
	sandboxFixture,
	type TestSandbox,
} from '../../support/fixtures';
import { parisDay, parisOffset } from '../../support/paris';

const sandboxes = sandboxFixture();

const SEND = '/send';
const send = (parameters: Record<string, unknown> = {}) =>
	operation('sms', 'send', {
		phoneNumbers: '={{ $json.to }}',
		message: '={{ $json.text }}',
		...parameters,
	});

/** A moment the sandbox and the node both take as the future: tomorrow, 10:00 Paris time in winter or summer. */
function tomorrowAtTenParis(): { iso: string; date: string } {
	const day = new Date(Date.now() + 24 * 3600 * 1000);
	const ymd = parisDay(day);
	const [y, m, d] = ymd.split('-');
	return { iso: `${ymd}T10:00:00${parisOffset(day)}`, date: `${d}/${m}/${y}` };
}

test('sends one message to every number, normalised, and outputs what it cost', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '06 12 34 56 78, +33 7.98.76.54.32', text: 'Bonjour, votre colis arrive' }],
		parameters: send(),
	});
	expect(result.success).toEqual([
		{
			messageId: expect.any(String),
			recipients: ['+33612345678', '+33798765432'],
			parts: 2,
			cost: 0.09,
			currency: 'EUR',
			sandbox: false,
			encoding: 'GSM-7',
			characters: 27,
			partsPerRecipient: 1,
		},
	]);
	expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
	expect(sandbox.calls).toEqual([expect.objectContaining({ method: 'POST', path: SEND })]);
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		phoneNumbers: '+33612345678,+33798765432',
		message: 'Bonjour, votre colis arrive',
		gamme: 1,
		_format: 'json',
	});
	expect(sandbox.account(KEY).credit).toBe(999.91);
	const [message] = sandbox.messages(KEY);
	expect(result.success[0].messageId).toBe(String(message.id));
});

test('an expression may give the numbers as a list; each number is sent once', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: ['0612345678', '+33612345678', '06 98 76 54 32'], text: 'Hi' }],
		parameters: send({ phoneNumbers: '={{ $json.to }}' }),
	});
	expect(result.success[0].recipients).toEqual(['+33612345678', '+33698765432']);
	expect(sandbox.calls[0].body.phoneNumbers).toBe('+33612345678,+33698765432');
});

test('Sandbox sends nothing and bills nothing', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Test' }],
		parameters: send({ options: { sandbox: true } }),
	});
	expect(result.success[0]).toMatchObject({ sandbox: true, parts: 1 });
	expect(sandbox.calls[0].body.sandbox).toBe(1);
	expect(sandbox.account(KEY).credit).toBe(1000);
});

test('every option goes out in SMS Partner’s own fields', async () => {
	const sandbox = await sandboxes.start();
	const schedule = tomorrowAtTenParis();
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Promo -20 % ce week-end' }],
		parameters: send({
			options: {
				route: 'lowCost',
				sender: 'MYSHOP',
				tag: 'Relance-Dec',
				unicode: false,
				sandbox: true,
				scheduledAt: schedule.iso,
				replyUrl: 'https://n8n.example.com/webhook/replies',
				deliveryReportUrl: 'https://n8n.example.com/webhook/dlr',
			},
		}),
	});
	expect(sandbox.calls[0].body).toEqual({
		apiKey: KEY,
		phoneNumbers: '+33612345678',
		message: 'Promo -20 % ce week-end',
		gamme: 2,
		sender: 'MYSHOP',
		tag: 'relance-dec',
		sandbox: 1,
		scheduledDeliveryDate: schedule.date,
		time: 10,
		minute: 0,
		urlResponse: 'https://n8n.example.com/webhook/replies',
		urlDlr: 'https://n8n.example.com/webhook/dlr',
		_format: 'json',
	});
	expect(result.success[0]).toMatchObject({
		scheduledAt: schedule.iso,
		sandbox: true,
		estimatedCost: 0.035,
	});
	expect(result.success[0]).not.toHaveProperty('cost');
});

test('options checked once for the run stay each item’s own: a per-item sender, a per-item Scheduled At, constant options', async () => {
	const sandbox = await sandboxes.start();
	const schedule = tomorrowAtTenParis();
	const items = [
		{ to: '0612345678', text: 'Un', sender: 'ALPHA', at: schedule.iso },
		{ to: '0612345679', text: 'Deux', sender: 'BETA', at: '' },
		{ to: '0612345670', text: 'Trois', sender: 'GAMMA', at: schedule.iso },
	];
	const perItem = await run(sandbox, {
		items,
		parameters: send({
			options: {
				sender: '={{ $json.sender }}',
				sandbox: true,
				scheduledAt: '={{ $json.at }}',
			},
		}),
		onError: 'continueErrorOutput',
	});
	// Item 2's Scheduled At expression gave nothing: refused, never sent now.
	expect(perItem.errors).toEqual([
		expect.objectContaining({
			sender: 'BETA',
			error: expect.objectContaining({ field: 'scheduledAt', outcome: 'notSent' }),
		}),
	]);
	expect(sandbox.calls.map((call) => [call.body.sender, call.body.scheduledDeliveryDate])).toEqual([
		['ALPHA', schedule.date],
		['GAMMA', schedule.date],
	]);
	expect(perItem.success.map((item) => item.scheduledAt)).toEqual([schedule.iso, schedule.iso]);

	// Constant options with a Scheduled At: each item still checked against the clock, none sent now.
	const scheduled = await run(sandbox, {
		items: items.slice(0, 2),
		parameters: send({ options: { sender: 'SHOP', sandbox: true, scheduledAt: schedule.iso } }),
	});
	expect(scheduled.success.map((item) => item.scheduledAt)).toEqual([schedule.iso, schedule.iso]);
	expect(sandbox.calls.slice(2).map((call) => call.body.scheduledDeliveryDate)).toEqual([
		schedule.date,
		schedule.date,
	]);

	// Constant options without one: the same checked options for every item, none scheduled.
	const constant = await run(sandbox, {
		items,
		parameters: send({ options: { sender: 'SHOP', sandbox: true } }),
	});
	expect(constant.success).toHaveLength(3);
	expect(sandbox.calls.slice(4).map((call) => [call.body.sender, call.body.sandbox])).toEqual([
		['SHOP', 1],
		['SHOP', 1],
		['SHOP', 1],
	]);
	expect(sandbox.calls.slice(4).some((call) => 'scheduledDeliveryDate' in call.body)).toBe(false);
});

test('STOP Notice and Unicode go out as isStopSms and isUnicode', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Offre spéciale 🎁' }],
		parameters: send({ options: { stopNotice: true, unicode: true } }),
	});
	expect(sandbox.calls[0].body).toMatchObject({ isStopSms: 1, isUnicode: 1 });
	expect(result.success[0]).toMatchObject({
		encoding: 'Unicode',
		characters: 17,
		partsPerRecipient: 1,
	});
});

test('line breaks and € are written the way SMS Partner counts them, and the preview agrees with its bill', async () => {
	const sandbox = await sandboxes.start();
	const text = `Total : 12 €\n${'x'.repeat(150)}`;
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text }],
		parameters: send(),
	});
	expect(sandbox.calls[0].body.message).toBe(`Total : 12 :euro::br:${'x'.repeat(150)}`);
	// "Total : 12 " 11 + € 2 + :br: 2 + 150 = 165 → 2 SMS
	expect(result.success[0]).toMatchObject({ characters: 165, partsPerRecipient: 2, parts: 2 });
});

test('the preview matches SMS Partner’s part count around each boundary', async () => {
	const sandbox = await sandboxes.start();
	const texts = [
		'a'.repeat(160),
		'a'.repeat(161),
		'a'.repeat(306),
		'a'.repeat(307),
		'é'.repeat(70),
	];
	const result = await run(sandbox, {
		items: texts.map((text) => ({ to: '0612345678', text })),
		parameters: send(),
	});
	expect(result.success.map((item) => [item.partsPerRecipient, item.parts])).toEqual([
		[1, 1],
		[2, 2],
		[2, 2],
		[3, 3],
		[1, 1],
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
		name: 'no number',
		item: { to: '', text: 'x' },
		field: 'phoneNumbers',
		says: /Phone Numbers is empty/,
	},
	{
		name: 'a landline',
		item: { to: '06 12 34 56 78, 01 23 45 67 89', text: 'x' },
		field: 'phoneNumbers',
		says: /"01 23 45 67 89" \(number 2 of 2\) is a French landline or special number/,
	},
	{ name: 'letters', item: { to: 'Marie', text: 'x' }, field: 'phoneNumbers', says: /"Marie"/ },
	{
		name: 'an object',
		item: { to: { n: 1 }, text: 'x' },
		field: 'phoneNumbers',
		says: /text or a list/,
	},
	{
		name: '501 numbers',
		item: {
			to: Array.from({ length: 501 }, (_, i) => `+336${String(10000000 + i)}`).join(','),
			text: 'x',
		},
		field: 'phoneNumbers',
		says: /501 numbers: SMS Partner takes at most 500/,
	},
	{
		name: 'an empty message',
		item: { to: '0612345678', text: '  ' },
		field: 'message',
		says: /Message is blank: its expression gave only spaces/,
	},
	{
		name: 'an emoji without Unicode',
		item: { to: '0612345678', text: 'Merci 🙏' },
		field: 'message',
		says: /without Unicode: U\+1F64F an emoji "🙏" at character 7$/,
	},
	{
		name: '11 parts',
		item: { to: '0612345678', text: 'a'.repeat(153 * 10 + 1) },
		field: 'message',
		says: /11 SMS: SMS Partner sends at most 10/,
	},
	{
		name: '2 parts on Low Cost',
		item: { to: '0612345678', text: 'a'.repeat(161) },
		options: { route: 'lowCost' },
		field: 'message',
		says: /Low Cost route sends a single SMS/,
	},
	{
		name: 'a short sender',
		item: { to: '0612345678', text: 'x' },
		options: { sender: 'AB' },
		field: 'sender',
		says: /Sender "AB" must be 3 to 11/,
	},
	{
		name: 'a sender with a space',
		item: { to: '0612345678', text: 'x' },
		options: { sender: 'MY SHOP' },
		field: 'sender',
		says: /"MY SHOP"/,
	},
	{
		name: 'a long sender',
		item: { to: '0612345678', text: 'x' },
		options: { sender: 'MYSHOPFRANCE' },
		field: 'sender',
		says: /"MYSHOPFRANCE"/,
	},
	{
		name: 'a tag with a space',
		item: { to: '0612345678', text: 'x' },
		options: { tag: 'black friday' },
		field: 'tag',
		says: /Tag "black friday"/,
	},
	{
		name: 'a tag with accents, as French words have them',
		item: { to: '0612345678', text: 'x' },
		options: { tag: 'Relance-Décembre' },
		field: 'tag',
		says: /^Tag "Relance-Décembre" has "é": no accents or other alphabets \(.*e\.g\. "relance-decembre"\)$/,
	},
	{
		name: 'a 21-character tag',
		item: { to: '0612345678', text: 'x' },
		options: { tag: 'a'.repeat(21) },
		field: 'tag',
		says: /1 to 20/,
	},
	{
		name: 'a reply URL that is not http',
		item: { to: '0612345678', text: 'x' },
		options: { replyUrl: 'ftp://x.example' },
		field: 'replyUrl',
		says: /Reply URL "ftp:\/\/x.example"/,
	},
	{
		name: 'a delivery URL that is no URL',
		item: { to: '0612345678', text: 'x' },
		options: { deliveryReportUrl: 'n8n webhook' },
		field: 'deliveryReportUrl',
		says: /Delivery Report URL/,
	},
	{
		name: 'a schedule in the past',
		item: { to: '0612345678', text: 'x' },
		options: { scheduledAt: '2020-01-01T10:00:00+01:00' },
		field: 'scheduledAt',
		says: /Scheduled At .*past/,
	},
	{
		name: 'an unreadable schedule',
		item: { to: '0612345678', text: 'x' },
		options: { scheduledAt: 'demain 10h' },
		field: 'scheduledAt',
		says: /Scheduled At .*demain 10h/,
	},
	{
		name: 'STOP Notice on Low Cost',
		item: { to: '0612345678', text: 'x' },
		options: { route: 'lowCost', stopNotice: true },
		field: 'stopNotice',
		says: /Premium route only/,
	},
];

test.each(BAD_INPUT)('$name is refused before anything is sent, naming the field', async (c) => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ ...c.item, kept: true }],
		parameters: send(c.options ? { options: c.options } : {}),
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

test('without an error output, bad input stops the workflow with the field named', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ to: '0712', text: 'x' }],
		parameters: send(),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(
		/Phone Numbers: "0712" \(number 1 of 1\) is not a mobile number/,
	);
	expect(sandbox.callCount()).toBe(0);
});

test('one bad item among many stops the run before any SMS is sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ to: '0612345678', text: 'first' },
			{ to: '0698765432', text: 'second' },
			{ to: '0612345678', text: '' },
		],
		parameters: send(),
	});
	expect(result.status).toBe('error');
	expect(result.error?.message).toMatch(/Message/);
	expect(result.run.data.resultData.error).toMatchObject({ context: { itemIndex: 2 } });
	expect(sandbox.callCount()).toBe(0);
	expect(sandbox.messages(KEY)).toHaveLength(0);
});

test('with an error output, a bad item goes there and the others are sent, in order', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ to: '0612345678', text: 'first' },
			{ to: '0712', text: 'bad number' },
			{ to: '0698765432', text: 'third' },
		],
		parameters: send(),
		onError: 'continueErrorOutput',
	});
	expect(result.success.map((item) => item.recipients)).toEqual([
		['+33612345678'],
		['+33698765432'],
	]);
	expect(result.errors).toHaveLength(1);
	expect(result.errors[0].error).toMatchObject({ field: 'phoneNumbers', outcome: 'notSent' });
	expect(sandbox.callCount(SEND)).toBe(2);
});

test('Retry On Fail on: every item refused, nothing sent', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ to: '0612345678', text: 'x' },
			{ to: '0698765432', text: 'y' },
		],
		parameters: send(),
		onError: 'continueErrorOutput',
		retryOnFail: true,
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'retryOnFail',
		'retryOnFail',
	]);
	expect(sandbox.callCount()).toBe(0);
});

type SendCase = {
	code: number;
	message: string | RegExp;
	apiKey?: string;
	to?: string;
	text?: string;
	options?: object;
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
	{
		code: 51,
		message: 'The Low Cost route is not allowed for this account',
		options: { route: 'lowCost' },
		setup: (s) => (s.account(KEY).lowCostEnabled = false),
	},
	{
		code: 22,
		message: 'Marketing SMS may not be sent at this hour',
		options: { scheduledAt: nextWeekdayAtParis(21) },
		setup: (s) => (s.account(KEY).marketing = true),
	},
	{
		code: 23,
		message: 'Marketing SMS may not be sent on Sundays and public holidays',
		options: { scheduledAt: nextSundayAtParis(10) },
		setup: (s) => (s.account(KEY).marketing = true),
	},
	...[2, 42, 43, 44, 45, 46, 47, 48, 49, 50, 52, 55, 90, 500, 992].map((code) => ({
		code,
		message: expect.any(String) as unknown as string,
		forced: true,
	})),
];

function parisWallTime(daysAhead: number, hour: number, weekday?: number): string {
	for (let days = daysAhead; days < daysAhead + 8; days++) {
		const day = new Date(Date.now() + days * 24 * 3600 * 1000);
		const name = new Intl.DateTimeFormat('en', {
			timeZone: 'Europe/Paris',
			weekday: 'short',
		}).format(day);
		const isSunday = name === 'Sun';
		if (weekday === 0 ? !isSunday : isSunday) continue;
		return `${parisDay(day)}T${String(hour).padStart(2, '0')}:00:00${parisOffset(day)}`;
	}
	throw new Error('no day found');
}
function nextWeekdayAtParis(hour: number) {
	return parisWallTime(2, hour);
}
function nextSundayAtParis(hour: number) {
	return parisWallTime(2, hour, 0);
}

test.each(CODES)(
	'code $code goes to the error output with the input item kept, nothing billed',
	async (c) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		c.setup?.(sandbox);
		if (c.forced) sandbox.forceCode(SEND, c.code);
		const credit = sandbox.account(KEY).credit;
		const result = await run(sandbox, {
			apiKey: c.apiKey ?? KEY,
			items: [{ to: c.to ?? '0612345678', text: c.text ?? 'Bonjour', note: 'kept' }],
			parameters: send(c.options ? { options: c.options } : {}),
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
		expect(sandbox.callCount(SEND)).toBe(1);
	},
);

test('code 9 shows every field SMS Partner refused, from `errors` or `error`', async () => {
	for (const key of ['errors', 'error']) {
		const sandbox = await sandboxes.start();
		sandbox.fault(SEND, {
			answer: {
				success: false,
				code: 9,
				[key]: [
					{
						elementId: 'children[sender].data',
						message: "L'emetteur ne peut pas etre plus long que 11 caracteres",
					},
					{ elementId: 'children[minute].data', message: 'La minute est requise' },
				],
			},
		});
		const result = await run(sandbox, {
			items: [{ to: '0612345678', text: 'x' }],
			parameters: send(),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			message: 'SMS Partner refused a field of the request (SMS Partner code 9)',
			description: expect.stringContaining(
				`sender: L'emetteur ne peut pas etre plus long que 11 caracteres; minute: La minute est requise`,
			),
			outcome: 'rejected',
		});
	}
});

test('the quiet-hours codes say what to do', async () => {
	const sandbox = await sandboxes.start();
	sandbox.account(KEY).marketing = true;
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Promo' }],
		parameters: send({ options: { scheduledAt: nextWeekdayAtParis(21) } }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code: 22,
		description: expect.stringContaining('from 8:00 to 20:00 (Paris time), Monday to Saturday'),
	});
});

test('XML gives the same items as JSON', async () => {
	const outputs = [];
	for (const responseFormat of ['json', 'xml']) {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, {
			items: [
				{ to: '0612345678', text: 'Bonjour' },
				{ to: '+99912345678', text: 'Bonjour' },
			],
			parameters: send({ options: { responseFormat } }),
			onError: 'continueErrorOutput',
		});
		outputs.push([result.success, result.errors]);
	}
	expect(outputs[1]).toEqual(outputs[0]);
	expect(outputs[0][0]).toHaveLength(1);
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
			name: 'an HTML page with 200',
			fault: { act: true, status: 200, body: '<html>maintenance</html>', contentType: 'text/html' },
		},
		{
			name: 'a success without message_id',
			fault: { act: true, answer: { success: true, code: 200, nb_sms: 1, cost: 0.045 } },
		},
		{
			name: 'a redirect',
			fault: {
				act: true,
				status: 302,
				headers: { Location: 'http://127.0.0.2:1/v1/send' },
				body: '',
			},
		},
	];

test.each(UNKNOWN_OUTCOMES)(
	'$name: outcome unknown, sent once, never reported as sent',
	async (c) => {
		const sandbox = await sandboxes.start();
		sandbox.fault(SEND, c.fault);
		const result = await run(sandbox, {
			items: [{ to: '0612345678', text: 'Bonjour' }],
			parameters: send(c.options ? { options: c.options } : {}),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			outcome: 'unknown',
			description: expect.stringContaining('The SMS may have been sent and billed'),
		});
		expect(sandbox.callCount(SEND)).toBe(1);
		expect(sandbox.messages(KEY)).toHaveLength(1);
	},
);

/** Answers that say success about a send that cannot have happened as claimed. */
const IMPOSSIBLE_SUCCESSES: Array<{ name: string; answer: Record<string, unknown>; says: string }> =
	[
		{
			name: 'no SMS at all (nb_sms 0) for a real send',
			answer: { success: true, code: 200, message_id: 5, nb_sms: 0, cost: 0, currency: 'EUR' },
			says: "'nb_sms'",
		},
		{
			name: 'a negative cost',
			answer: { success: true, code: 200, message_id: 5, nb_sms: 1, cost: -0.045, currency: 'EUR' },
			says: "'cost'",
		},
		{
			name: 'message id 0',
			answer: { success: true, code: 200, message_id: 0, nb_sms: 1, cost: 0.045, currency: 'EUR' },
			says: "'message_id'",
		},
		...['1.5', 'abc', '48213377x', '4.8213377e7', '-5'].map((id) => ({
			name: `message id "${id}" (SMS Partner numbers its messages)`,
			answer: { success: true, code: 200, message_id: id, nb_sms: 1, cost: 0.045, currency: 'EUR' },
			says: "'message_id'",
		})),
	];

test.each(IMPOSSIBLE_SUCCESSES)(
	'a success claiming $name is not believed: outcome unknown, never reported as sent',
	async (c) => {
		const sandbox = await sandboxes.start();
		sandbox.fault(SEND, { act: true, answer: c.answer });
		const result = await run(sandbox, {
			items: [{ to: '0612345678', text: 'Bonjour' }],
			parameters: send(),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			outcome: 'unknown',
			message: expect.stringContaining(c.says),
		});
		expect(sandbox.callCount(SEND)).toBe(1);
	},
);

test('a message id as digits, as text or past 15 digits, comes out exactly as SMS Partner wrote it', async () => {
	for (const [written, expected] of [
		['"48213377"', '48213377'],
		['48213377', '48213377'],
		['12345678901234567890', '12345678901234567890'],
	]) {
		const sandbox = await sandboxes.start();
		sandbox.fault(SEND, {
			act: true,
			body: `{"success": true, "code": 200, "message_id": ${written}, "nb_sms": 1, "cost": 0.045, "currency": "EUR"}`,
			contentType: 'application/json',
		});
		const result = await run(sandbox, {
			items: [{ to: '0612345678', text: 'Bonjour' }],
			parameters: send(),
		});
		expect(result.success).toEqual([expect.objectContaining({ messageId: expected })]);
	}
});

test('a positional XML success whose message id is 1.5 is not believed: outcome unknown, sent once', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(SEND, {
		act: true,
		body: '<?xml version="1.0" encoding="UTF-8"?>\n<result><entry>true</entry><entry>200</entry><entry>1.5</entry><entry>1</entry><entry>0.045</entry><entry><![CDATA[EUR]]></entry></result>',
		contentType: 'text/xml',
	});
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Bonjour' }],
		parameters: send({ options: { responseFormat: 'xml' } }),
		onError: 'continueErrorOutput',
	});
	expect(result.success).toEqual([]);
	expect(result.errors[0].error).toMatchObject({
		outcome: 'unknown',
		message: expect.stringContaining("'message_id'"),
	});
	expect(sandbox.callCount(SEND)).toBe(1);
});

test('in Sandbox mode a success with no SMS counted is believed: nothing was to be sent', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(SEND, {
		answer: { success: true, code: 200, message_id: 5, nb_sms: 0, cost: 0, currency: 'EUR' },
	});
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Bonjour' }],
		parameters: send({ options: { sandbox: true } }),
	});
	expect(result.success).toEqual([
		expect.objectContaining({ parts: 0, estimatedCost: 0, sandbox: true }),
	]);
	expect(result.success[0]).not.toHaveProperty('cost');
});

test('a refused connection is retried: nothing can have been sent', async () => {
	const sandbox = await sandboxes.start();
	const { baseUrl } = sandbox;
	await sandbox.close();
	const result = await run(sandbox, {
		items: [{ to: '0612345678', text: 'Bonjour' }],
		parameters: send(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({ outcome: 'notSent' });
	expect(baseUrl).toContain('127.0.0.1');
});

test.each<[string, unknown]>([
	['a negative number', -48213377],
	['a negative number as text', '-48213377'],
	['zero as text', '000'],
])(
	'a success whose message_id is %s is no success: outcome unknown, sent once',
	async (_name, messageId) => {
		const sandbox = await sandboxes.start();
		sandbox.fault(SEND, {
			answer: { success: true, code: 200, message_id: messageId, nb_sms: 1, cost: 0.045 },
		});
		const result = await run(sandbox, {
			items: [{ to: '0612345678', text: 'Bonjour' }],
			parameters: send(),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({
			message: "SMS Partner reported success but its answer has no readable 'message_id'",
			outcome: 'unknown',
		});
		expect(sandbox.callCount(SEND)).toBe(1);
	},
);
