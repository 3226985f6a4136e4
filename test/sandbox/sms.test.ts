/**
 * The sandbox's SMS endpoints, driven over HTTP as the node drives them: billing,
 * counting, every control code they answer from real conditions, statuses over
 * time, cancellation, the STOP list, the XML form and faults after the real call.
 */
import { demoAccount } from '../../sandbox/server';
import { sandboxFixture } from '../support/sandbox';

const KEY = 'sms-test-key-3b8e1d';
const NO_LOW_COST = 'sms-test-key-no-eco';
const MARKETING = 'sms-test-key-marketing';
/** An account given the old way, without any SMS field: the sandbox fills them in. */
const POOR = 'sms-test-key-poor';

const sandbox = sandboxFixture().startBefore('each', {
	state: {
		accounts: [
			demoAccount(KEY, 'sms@sandbox.local'),
			{ ...demoAccount(NO_LOW_COST, 'eco@sandbox.local'), lowCostEnabled: false },
			{ ...demoAccount(MARKETING, 'marketing@sandbox.local'), marketing: true },
			{
				apiKey: POOR,
				username: 'poor@sandbox.local',
				credit: 0.05,
				subaccountsEnabled: false,
				status: 'active',
				subaccounts: [],
			},
		],
	},
});

async function post(path: string, body: Record<string, unknown>): Promise<any> {
	const response = await fetch(`${sandbox().baseUrl}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ apiKey: KEY, ...body }),
	});
	return { status: response.status, ...((await response.json()) as object) };
}

async function get(path: string, query: Record<string, string | number> = {}): Promise<any> {
	const search = new URLSearchParams({ apiKey: KEY });
	for (const [name, value] of Object.entries(query)) search.set(name, String(value));
	const response = await fetch(`${sandbox().baseUrl}${path}?${search}`);
	return { status: response.status, ...((await response.json()) as object) };
}

const send = (body: Record<string, unknown>) => post('/send', { message: 'Bonjour', ...body });
const credit = (apiKey = KEY) => sandbox().account(apiKey).credit;
const pad = (value: number) => String(value).padStart(2, '0');

/** A day (dd/MM/yyyy) at least two days ahead whose weekday passes the test: in the future in any time zone. */
function dayAhead(wanted: (weekday: number) => boolean): string {
	for (let days = 2; ; days++) {
		const day = new Date(Date.now() + days * 86_400_000);
		if (wanted(day.getUTCDay()))
			return `${pad(day.getUTCDate())}/${pad(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;
	}
}
const MONDAY = dayAhead((weekday) => weekday === 1);
const SUNDAY = dayAhead((weekday) => weekday === 0);
const later = { scheduledDeliveryDate: MONDAY, time: 10, minute: 30 };

test('a send bills parts × recipients × price, records the message, and answers its id', async () => {
	const answer = await send({
		phoneNumbers: '0611111111, +33622222222',
		message: 'a'.repeat(200),
		tag: 'promo',
	});
	expect(answer).toEqual({
		status: 200,
		success: true,
		code: 200,
		message_id: 48213377,
		nb_sms: 4,
		cost: 0.18,
		currency: 'EUR',
	});
	expect(credit()).toBe(999.82);
	const [message] = sandbox().messages(KEY);
	expect(message).toMatchObject({
		id: 48213377,
		text: 'a'.repeat(200),
		parts: 2,
		nbSms: 4,
		cost: 0.18,
		sandbox: false,
		scheduledFor: null,
		cancelled: false,
		tag: 'promo',
	});
	expect(message.recipients.map((recipient) => recipient.phoneNumber)).toEqual([
		'+33611111111',
		'+33622222222',
	]);

	const test = await send({ phoneNumbers: '0611111111', sandbox: 1 });
	expect(test).toMatchObject({ success: true, message_id: 48213378, cost: 0.045 });
	expect(credit()).toBe(999.82);
	expect(sandbox().messages()[1].sandbox).toBe(true);

	const lowCost = await send({ phoneNumbers: '0611111111,0622222222', gamme: 2 });
	expect(lowCost).toMatchObject({ success: true, nb_sms: 2, cost: 0.07 });
	expect(credit()).toBe(999.75);
});

test.each([
	['160 GSM characters', 'a'.repeat(160), undefined, 1],
	['161 GSM characters', 'a'.repeat(161), undefined, 2],
	['306 GSM characters', 'a'.repeat(306), undefined, 2],
	['307 GSM characters', 'a'.repeat(307), undefined, 3],
	[':br: counts 2 (158 + 2)', `${'a'.repeat(79)}:br:${'a'.repeat(79)}`, undefined, 1],
	[':br: counts 2 (159 + 2)', `${'a'.repeat(80)}:br:${'a'.repeat(79)}`, undefined, 2],
	['€ counts 2', `€${'a'.repeat(158)}`, undefined, 1],
	['€ counts 2, one more', `€${'a'.repeat(159)}`, undefined, 2],
	[':euro: counts 2', `:euro:${'a'.repeat(159)}`, undefined, 2],
	['the other extension characters count 2', `^{}\\[~]|${'a'.repeat(145)}`, undefined, 2],
	['70 Unicode units', 'ç'.repeat(70), 1, 1],
	['71 Unicode units', 'ç'.repeat(71), 1, 2],
	['134 Unicode units', 'ç'.repeat(134), 1, 2],
	['135 Unicode units', 'ç'.repeat(135), 1, 3],
])('%s', async (_name, message, isUnicode, parts) => {
	const answer = await send({ phoneNumbers: '0611111111', message, isUnicode, sandbox: 1 });
	expect(answer).toMatchObject({ success: true, nb_sms: parts });
});

test('a send refused as SMS Partner refuses it, with no money moved', async () => {
	sandbox().addStop('0699999999');
	const refusals: Array<[number, Record<string, unknown>, string?]> = [
		[1, { apiKey: '' }],
		[10, { apiKey: 'wrong-key' }],
		[2, { phoneNumbers: '' }],
		[2, { phoneNumbers: undefined }],
		[43, { phoneNumbers: '0611111111', message: '' }],
		[50, { phoneNumbers: Array.from({ length: 501 }, (_, i) => `+3361${pad(i)}00000`).join(',') }],
		[42, { phoneNumbers: '0611111111', gamme: 2, message: 'a'.repeat(161) }],
		[42, { phoneNumbers: '0611111111', gamme: 2, message: 'ç'.repeat(71), isUnicode: 1 }],
		[52, { phoneNumbers: '0611111111', message: 'a'.repeat(1531) }],
		[51, { phoneNumbers: '0611111111', gamme: 2, apiKey: NO_LOW_COST }],
		[11, { phoneNumbers: '0611111111,0622222222', apiKey: POOR }],
		[13, { phoneNumbers: '0611111111,+99123456789' }],
		[14, { phoneNumbers: '0611111111,+33699999999' }],
		[45, { phoneNumbers: '0611111111', time: 10, minute: 0 }],
		[46, { phoneNumbers: '0611111111', scheduledDeliveryDate: MONDAY, minute: 0 }],
		[48, { phoneNumbers: '0611111111', ...later, minute: 7 }],
		[48, { phoneNumbers: '0611111111', ...later, minute: 60 }],
		[49, { phoneNumbers: '0611111111', ...later, scheduledDeliveryDate: '01/01/2020' }],
		[49, { phoneNumbers: '0611111111', ...later, scheduledDeliveryDate: '31/02/2031' }],
		[49, { phoneNumbers: '0611111111', ...later, scheduledDeliveryDate: '2031-01-01' }],
		[22, { phoneNumbers: '0611111111', ...later, time: 21, apiKey: MARKETING }],
		[22, { phoneNumbers: '0611111111', ...later, time: 7, apiKey: MARKETING }],
		[
			23,
			{ phoneNumbers: '0611111111', ...later, scheduledDeliveryDate: SUNDAY, apiKey: MARKETING },
		],
	];
	for (const [code, body] of refusals) {
		const answer = await send(body);
		expect({ code, answer }).toEqual({
			code,
			answer: { status: 200, success: false, code, message: expect.any(String) },
		});
		expect(answer.message).not.toContain('99999');
	}
	// Outside marketing accounts, the quiet hours do not apply.
	expect(await send({ phoneNumbers: '0611111111', ...later, time: 21, sandbox: 1 })).toMatchObject({
		success: true,
	});
	expect(
		await send({ phoneNumbers: '0611111111', ...later, scheduledDeliveryDate: SUNDAY, sandbox: 1 }),
	).toMatchObject({ success: true });
	// Exactly the credit, and no more, can be spent.
	expect(await send({ phoneNumbers: '0611111111', apiKey: POOR })).toMatchObject({ success: true });
	expect(credit(POOR)).toBe(0.005);
	for (const apiKey of [KEY, NO_LOW_COST, MARKETING]) expect(credit(apiKey)).toBe(1000);
	expect(sandbox().messages(KEY)).toHaveLength(2);
});

test('code 9 carries a list of form errors and no message', async () => {
	expect(await send({ phoneNumbers: '0611111111,0123' })).toEqual({
		status: 200,
		success: false,
		code: 9,
		errors: [{ elementId: 'children[phoneNumbers].data', message: 'Le numéro 0123 est invalide' }],
	});
	for (const sender of ['AB', 'TWELVECHARSX', 'MY SHOP', 'Shop!']) {
		expect(await send({ phoneNumbers: '0611111111', sender })).toMatchObject({
			code: 9,
			errors: [{ elementId: 'children[sender].data' }],
		});
	}
	expect(await send({ phoneNumbers: '0611111111', sender: 'MyShop2026' })).toMatchObject({
		success: true,
	});
});

test('with errorStatus 4xx, refusals carry a 4xx status', async () => {
	sandbox().errorStatus = '4xx';
	expect(await send({ phoneNumbers: '0123' })).toMatchObject({ status: 400, code: 9 });
	expect(
		await send({ phoneNumbers: '0611111111', apiKey: POOR, message: 'a'.repeat(200) }),
	).toMatchObject({ status: 402, code: 11 });
	expect(await get('/message-status', { messageId: 1, phoneNumber: '0611111111' })).toMatchObject({
		status: 404,
		code: 4,
	});
});

test('a bulk send answers line by line and bills the accepted lines as one message', async () => {
	sandbox().addStop('+33633333333');
	const answer = await post('/bulk-send', {
		sender: 'MYSHOP',
		SMSList: [
			{ phoneNumber: '0611111111', message: 'Bonjour Anne' },
			{ phoneNumber: '12', message: 'Bonjour' },
			{ phoneNumber: '+33622222222', message: 'b'.repeat(200) },
			{ phoneNumber: '0633333333', message: 'Bonjour' },
			{ phoneNumber: '0644444444', message: '' },
			{ phoneNumber: '0655555555', message: 'c'.repeat(1531) },
			{ phoneNumber: '+99123456789', message: 'Hello' },
		],
	});
	expect(answer).toEqual({
		status: 200,
		success: true,
		code: 200,
		message_id: 48213377,
		currency: 'EUR',
		cost: 0.135,
		nbSMS: 3,
		SMSResponse_List: [
			{ success: true, code: 200, nbSms: 1, cost: 0.045, phoneNumber: '+33611111111' },
			{ success: false, code: 9, phoneNumber: '12', message: 'Numéro invalide' },
			{ success: true, code: 200, nbSms: 2, cost: 0.09, phoneNumber: '+33622222222' },
			{ success: false, code: 14, phoneNumber: '0633333333', message: 'Numéro en liste STOP' },
			{ success: false, code: 43, phoneNumber: '0644444444', message: expect.any(String) },
			{ success: false, code: 52, phoneNumber: '0655555555', message: expect.any(String) },
			{ success: false, code: 13, phoneNumber: '+99123456789', message: expect.any(String) },
		],
	});
	expect(credit()).toBe(999.865);
	const [message] = sandbox().messages();
	expect(message.recipients).toEqual([
		{ phoneNumber: '+33611111111', text: 'Bonjour Anne', parts: 1, cost: 0.045 },
		{ phoneNumber: '+33622222222', text: 'b'.repeat(200), parts: 2, cost: 0.09 },
	]);

	const lowCost = await post('/bulk-send', {
		gamme: 2,
		SMSList: [
			{ phoneNumber: '0611111111', message: 'a'.repeat(161) },
			{ phoneNumber: '0622222222', message: 'short' },
		],
	});
	expect(lowCost.SMSResponse_List.map((line: any) => line.code)).toEqual([42, 200]);
	expect(lowCost).toMatchObject({ cost: 0.035, message_id: 48213378 });

	expect(await post('/bulk-send', {})).toMatchObject({ code: 2 });
	expect(await post('/bulk-send', { SMSList: [] })).toMatchObject({ code: 2 });
	const tooMany = Array.from({ length: 501 }, () => ({ phoneNumber: '0611111111', message: 'x' }));
	expect(await post('/bulk-send', { SMSList: tooMany })).toMatchObject({ code: 50 });
	const list = [{ phoneNumber: '0611111111', message: 'x' }];
	expect(await post('/bulk-send', { SMSList: list, gamme: 2, apiKey: NO_LOW_COST })).toMatchObject({
		code: 51,
	});
	expect(await post('/bulk-send', { SMSList: list, sender: 'X' })).toMatchObject({ code: 9 });
	expect(await post('/bulk-send', { SMSList: list, time: 9, minute: 0 })).toMatchObject({
		code: 45,
	});
	expect(await post('/bulk-send', { SMSList: [...list, ...list], apiKey: POOR })).toMatchObject({
		code: 11,
	});
	const scheduled = await post('/bulk-send', { SMSList: list, ...later });
	expect(scheduled.scheduledDeliveryDate).toBe(`${MONDAY.split('/').reverse().join('-')} 10:30:00`);
});

test('statuses: Waiting, then Delivered or Not delivered; both status forms', async () => {
	sandbox().deliveryMs = 300;
	const { message_id } = await send({ phoneNumbers: '0611111111,+447700900123' });
	sandbox().addStop('0611111111'); // opted out after the send: the status says so
	const status = (phoneNumber: string) =>
		get('/message-status', { messageId: message_id, phoneNumber });

	expect(await status('0611111111')).toEqual({
		status: 200,
		success: true,
		code: 200,
		number: '+33611111111',
		messageId: String(message_id),
		stopSms: true,
		date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		statut: 'Waiting',
		cost: 0.045,
		countryCode: 'FR',
		currency: 'EUR',
	});
	sandbox().markUndeliverable('+447700900123');
	await new Promise((resolve) => setTimeout(resolve, 350));
	expect(await status('+33611111111')).toMatchObject({ statut: 'Delivered' });
	expect(await status('+447700900123')).toMatchObject({
		statut: 'Not delivered',
		countryCode: 'XX',
		stopSms: false,
	});

	const bulk = await get('/bulk-status', { messageId: message_id });
	expect(bulk).toEqual({
		status: 200,
		success: true,
		code: 200,
		message_id: String(message_id),
		StatutResponse_List: [
			{
				phoneNumber: '+33611111111',
				status: 'Delivered',
				stopSMS: true,
				date: expect.stringMatching(/^\d{10}$/),
				cost: 0.045,
			},
			{
				phoneNumber: '+447700900123',
				status: 'Not delivered',
				stopSMS: false,
				date: expect.stringMatching(/^\d{10}$/),
				cost: 0.045,
			},
		],
	});
	expect(Math.abs(Number(bulk.StatutResponse_List[0].date) * 1000 - Date.now())).toBeLessThan(5000);

	// Marked before the send: undeliverable from the start.
	sandbox().deliveryMs = 0;
	const next = await send({ phoneNumbers: '+447700900123' });
	expect(
		await get('/message-status', { messageId: next.message_id, phoneNumber: '+447700900123' }),
	).toMatchObject({ statut: 'Not delivered' });
	// A scheduled message waits for its moment, whatever deliveryMs says.
	const deferred = await send({ phoneNumbers: '0677777777', ...later });
	expect(deferred.scheduledDeliveryDate).toBe(`${MONDAY.split('/').reverse().join('-')} 10:30:00`);
	expect(
		await get('/message-status', { messageId: deferred.message_id, phoneNumber: '0677777777' }),
	).toMatchObject({ statut: 'Waiting', date: deferred.scheduledDeliveryDate });

	expect(await get('/message-status', { phoneNumber: '0611111111' })).toMatchObject({ code: 3 });
	expect(await get('/message-status', { messageId: message_id })).toMatchObject({ code: 2 });
	expect(await get('/message-status', { messageId: 1, phoneNumber: '0611111111' })).toMatchObject({
		code: 4,
	});
	expect(
		await get('/message-status', { messageId: message_id, phoneNumber: '0633333333' }),
	).toMatchObject({ code: 4 });
	expect(
		await get('/message-status', {
			messageId: message_id,
			phoneNumber: '0611111111',
			apiKey: MARKETING,
		}),
	).toMatchObject({ code: 4 });
	expect(await get('/bulk-status')).toMatchObject({ code: 3 });
	expect(await get('/bulk-status', { messageId: 999 })).toMatchObject({ code: 4 });
});

test('cancelling: refund, then 5; 6 within five minutes; 7 once sent; 3 and 4', async () => {
	const first = await send({ phoneNumbers: '0611111111,0622222222', ...later });
	expect(credit()).toBe(999.91);
	expect(await get('/message-cancel', { messageId: first.message_id })).toEqual({
		status: 200,
		success: true,
		code: 200,
		message: "L'envoi du SMS a été annulé.",
	});
	expect(credit()).toBe(1000);
	expect(sandbox().messages()[0].cancelled).toBe(true);
	expect(await get('/message-cancel', { messageId: first.message_id })).toMatchObject({ code: 5 });
	expect(
		await get('/message-status', { messageId: first.message_id, phoneNumber: '0611111111' }),
	).toMatchObject({ statut: 'Not delivered' });

	const soon = await send({ phoneNumbers: '0611111111', ...later });
	sandbox().messages()[1].scheduledFor = Date.now() + 3 * 60_000;
	expect(await get('/message-cancel', { messageId: soon.message_id })).toMatchObject({ code: 6 });
	sandbox().messages()[1].scheduledFor = Date.now() - 1000;
	expect(await get('/message-cancel', { messageId: soon.message_id })).toMatchObject({ code: 7 });

	const now = await send({ phoneNumbers: '0611111111' });
	expect(await get('/message-cancel', { messageId: now.message_id })).toMatchObject({ code: 7 });
	expect(credit()).toBe(999.91);

	const test = await send({ phoneNumbers: '0611111111', ...later, sandbox: 1 });
	expect(await get('/message-cancel', { messageId: test.message_id })).toMatchObject({ code: 200 });
	expect(credit()).toBe(999.91);

	expect(await get('/message-cancel')).toMatchObject({ code: 3 });
	expect(await get('/message-cancel', { messageId: 42 })).toMatchObject({ code: 4 });
});

test('the STOP list: add, list, delete, and codes 2, 9, 15, 3, 4', async () => {
	const added = await post('/stop-sms/add', { phoneNumber: '0644444444' });
	expect(added).toEqual({ status: 200, success: true, code: 200, stopId: expect.any(Number) });
	const helperId = sandbox().addStop('+447700900123');
	expect(await get('/stop-sms/list')).toEqual({
		status: 200,
		success: true,
		code: 200,
		nbData: 2,
		data: [
			{
				id: added.stopId,
				phoneNumber: '+33644444444',
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
			},
			{ id: helperId, phoneNumber: '+447700900123', createdAt: expect.any(String) },
		],
	});
	expect(await post('/stop-sms/add', { phoneNumber: '+33644444444' })).toMatchObject({
		success: false,
		code: 15,
		message: 'Numéro déjà présent dans la liste',
	});
	expect(await post('/stop-sms/add', {})).toMatchObject({ code: 2 });
	expect(await post('/stop-sms/add', { phoneNumber: 'abc' })).toEqual({
		status: 200,
		success: false,
		code: 9,
		errors: [{ elementId: 'children[phoneNumber].data', message: 'Le numéro abc est invalide' }],
	});
	expect(await get('/stop-sms/delete')).toMatchObject({ code: 3 });
	expect(await get('/stop-sms/delete', { id: 999_999 })).toMatchObject({ code: 4 });
	expect(await get('/stop-sms/delete', { id: added.stopId })).toEqual({
		status: 200,
		success: true,
		code: 200,
	});
	expect(await get('/stop-sms/list')).toMatchObject({ nbData: 1, data: [{ id: helperId }] });
	expect(await get('/stop-sms/list', { apiKey: MARKETING })).toMatchObject({ nbData: 0, data: [] });
});

test('a send answered in XML: positional entries', async () => {
	const response = await fetch(`${sandbox().baseUrl}/send`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			apiKey: KEY,
			phoneNumbers: '0611111111',
			message: 'Bonjour',
			_format: 'xml',
		}),
	});
	expect(response.headers.get('content-type')).toContain('application/xml');
	expect(await response.text()).toBe(
		'<?xml version="1.0" encoding="UTF-8"?>\n<result><entry>true</entry><entry>200</entry>' +
			'<entry>48213377</entry><entry>1</entry><entry>0.045</entry>' +
			'<entry><![CDATA[EUR]]></entry></result>',
	);
});

const vnSend = (body: Record<string, unknown>) =>
	post('/vn/send', { to: '0611111111', from: '33700000000', message: 'Bonjour', ...body });

test('a long-number send (/vn/send) bills and records like /send, from the number the account rents', async () => {
	const answer = await vnSend({
		message: 'a'.repeat(200),
		tag: 'vn',
		urlDlr: 'http://127.0.0.1:9/d',
	});
	expect(answer).toEqual({
		status: 200,
		success: true,
		code: 200,
		message_id: 48213377,
		nb_sms: 2,
		cost: 0.09,
		currency: 'EUR',
	});
	expect(credit()).toBe(999.91);
	const [message] = sandbox().messages(KEY);
	expect(message).toMatchObject({
		id: 48213377,
		from: '33700000000',
		parts: 2,
		nbSms: 2,
		sandbox: false,
		scheduledFor: null,
		tag: 'vn',
		urlDlr: 'http://127.0.0.1:9/d',
	});
	expect(message.recipients.map((recipient) => recipient.phoneNumber)).toEqual(['+33611111111']);
	// Its status is read as any send's.
	expect(
		await get('/message-status', { messageId: 48213377, phoneNumber: '0611111111' }),
	).toMatchObject({ success: true, statut: 'Waiting' });

	expect(await vnSend({ sandbox: 1 })).toMatchObject({ success: true, cost: 0.045 });
	expect(credit()).toBe(999.91);
	sandbox().account(KEY).longNumbers = ['33700000000', '33612000000'];
	expect(await vnSend({ from: '33612000000', sandbox: 1 })).toMatchObject({ success: true });
});

test('a long-number send is refused with /send’s codes, its `to` and `from` with code 9, nothing billed', async () => {
	sandbox().addStop('0699999999');
	const refusals: Array<[number, Record<string, unknown>, string?]> = [
		[1, { apiKey: '' }],
		[10, { apiKey: 'wrong-key' }],
		[2, { to: '' }],
		[2, { to: undefined }],
		[43, { message: '' }],
		[52, { message: 'a'.repeat(1531) }],
		[11, { apiKey: POOR, message: 'a'.repeat(200) }],
		[13, { to: '+99123456789' }],
		[14, { to: '+33699999999' }],
		[9, { to: '0123' }, 'to'],
		[9, { from: '' }, 'from'],
		[9, { from: undefined }, 'from'],
		[9, { from: '33711111111' }, 'from'],
	];
	for (const [code, body, field] of refusals) {
		const answer = await vnSend(body);
		expect({ code, answer }).toEqual({
			code,
			answer: field
				? {
						status: 200,
						success: false,
						code,
						errors: [{ elementId: `children[${field}].data`, message: expect.any(String) }],
					}
				: { status: 200, success: false, code, message: expect.any(String) },
		});
	}
	expect(credit()).toBe(1000);
	expect(credit(POOR)).toBe(0.05);
	expect(sandbox().messages(KEY)).toHaveLength(0);
});

test('a long-number send answered in XML: the same positional entries as /send', async () => {
	const response = await fetch(`${sandbox().baseUrl}/vn/send`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			apiKey: KEY,
			to: '0611111111',
			from: '33700000000',
			message: 'Bonjour',
			_format: 'xml',
		}),
	});
	expect(await response.text()).toBe(
		'<?xml version="1.0" encoding="UTF-8"?>\n<result><entry>true</entry><entry>200</entry>' +
			'<entry>48213377</entry><entry>1</entry><entry>0.045</entry>' +
			'<entry><![CDATA[EUR]]></entry></result>',
	);
});

test('a fault with act: true on /send bills and records the send, then misbehaves', async () => {
	sandbox().fault('0611111111', { act: true, status: 502, body: 'Bad gateway', times: 1 });
	const response = await fetch(`${sandbox().baseUrl}/send`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ apiKey: KEY, phoneNumbers: '0611111111,0622222222', message: 'Hi' }),
	});
	expect(response.status).toBe(502);
	expect(await response.text()).toBe('Bad gateway');
	expect(credit()).toBe(999.91);
	expect(sandbox().messages()).toHaveLength(1);

	// Keyed by message id (a number works as well as its string), without acting: nothing happens.
	const messageId = sandbox().messages()[0].id;
	sandbox().fault(messageId, { answer: { success: false, code: 500, message: 'Oops' } });
	expect(await get('/message-cancel', { messageId })).toMatchObject({ code: 500 });
	expect(await get('/bulk-status', { messageId })).toMatchObject({ code: 500 });
	// …and by the single phoneNumber of the STOP list calls.
	sandbox().forceCode('0655555555', 15);
	expect(await post('/stop-sms/add', { phoneNumber: '0655555555' })).toMatchObject({
		code: 15,
		message: 'Numéro déjà présent dans la liste',
	});
	expect(await get('/stop-sms/list')).toMatchObject({ nbData: 0 });
});

test('a reply is posted to the send’s urlResponse in SMS Partner’s payload; a STOP reply joins the STOP list', async () => {
	const received: Array<{ body: string; contentType?: string }> = [];
	const http = await import('node:http');
	const receiver = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			received.push({ body, contentType: request.headers['content-type'] });
			response.end('thanks');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const { port } = receiver.address() as { port: number };
	try {
		const sent = await post('/send', {
			apiKey: KEY,
			phoneNumbers: '0612345678',
			message: 'Reply YES to confirm',
			urlResponse: `http://127.0.0.1:${port}/replies?secret=abc`,
		});
		const answer = await sandbox().reply({
			messageId: sent.message_id,
			phoneNumber: '0612345678',
			text: 'Yes please',
		});
		expect(answer).toEqual({ status: 200, body: 'thanks' });
		await sandbox().reply({
			messageId: sent.message_id,
			phoneNumber: '+33612345678',
			text: 'STOP',
		});

		expect(received.map(({ body }) => JSON.parse(body))).toEqual([
			{
				type: 'response',
				phone_number: '+33612345678',
				text: 'Yes please',
				message_id: sent.message_id,
			},
			{ type: 'stop', phone_number: '+33612345678', text: 'STOP', message_id: sent.message_id },
		]);
		expect(received[0].contentType).toBe('application/json');
		const list = await get('/stop-sms/list', { apiKey: KEY });
		expect(list.data.map((entry: { phoneNumber: string }) => entry.phoneNumber)).toContain(
			'+33612345678',
		);
		await expect(
			sandbox().reply({ messageId: sent.message_id, phoneNumber: '0698765432', text: 'hi' }),
		).rejects.toThrow('not a recipient');
	} finally {
		await new Promise((resolve) => receiver.close(resolve));
	}
});
