/** Contact › Add, Update, Delete, Get, Get Many through n8n's engine against the sandbox. */
import { ACCOUNT_REFUSALS, KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();
const GROUP = '52011';

const add = (parameters: Record<string, unknown>) =>
	operation('contact', 'add', { groupId: GROUP, ...parameters });
const get = (contactId: unknown) => operation('contact', 'get', { contactId });
const getMany = (parameters: Record<string, unknown> = { returnAll: true }) =>
	operation('contact', 'getMany', { groupId: GROUP, ...parameters });
const update = (contactId: unknown, updateFields: Record<string, unknown>) =>
	operation('contact', 'update', { contactId, updateFields });
const remove = (contactId: unknown) => operation('contact', 'delete', { contactId });

type Sandbox = Awaited<ReturnType<typeof sandboxes.start>>;
const contactsOf = (sandbox: Sandbox) =>
	(sandbox.account(KEY).groups ?? []).find((group) => String(group.id) === GROUP)?.contacts ?? [];

test('a contact added as the user types it is read back by Get and Get Many, changed by Update, gone after Delete', async () => {
	const sandbox = await sandboxes.start();
	const added = await run(sandbox, {
		items: [{ phone: '06 12 34 56 78' }],
		parameters: add({
			phoneNumber: '={{ $json.phone }}',
			additionalFields: {
				firstName: 'Élodie',
				lastName: 'Martin',
				date: '1990-06-21',
				url: 'https://shop.example/offer',
				custom1: 'gold',
			},
		}),
	});
	expect(added.success).toEqual([
		{
			groupId: GROUP,
			phoneNumber: '+33612345678',
			firstname: 'Élodie',
			lastname: 'Martin',
			date: '1990-06-21',
			url: 'https://shop.example/offer',
			custom1: 'gold',
			// SMS Partner's lines name no contact (S19 p4): Get Many gives its ID.
			contactId: null,
			alreadyInGroup: false,
		},
	]);
	expect(sandbox.calls[0]).toMatchObject({
		method: 'POST',
		path: '/contact/add',
		body: {
			groupId: GROUP,
			contactsList: [
				{
					phoneNumber: '+33612345678',
					firstname: 'Élodie',
					lastname: 'Martin',
					date: '1990-06-21',
					url: 'https://shop.example/offer',
					custom1: 'gold',
				},
			],
		},
	});
	const listed = await run(sandbox, { items: [{}], parameters: getMany() });
	const contactId = String(contactsOf(sandbox)[0].contactId);
	expect(listed.success.map((contact) => contact.contactId)).toEqual([contactId]);
	expect(sandbox.calls.at(-1)).toMatchObject({ method: 'GET', path: '/contact/list' });

	const read = await run(sandbox, { items: [{}], parameters: get(contactId) });
	expect(read.success).toEqual([
		expect.objectContaining({
			contactId,
			groupId: GROUP,
			phoneNumber: '+33612345678',
			firstname: 'Élodie',
			custom1: 'gold',
			stopSms: false,
		}),
	]);
	expect(sandbox.calls.at(-1)).toMatchObject({ method: 'GET', path: '/contact/detail' });

	const changed = await run(sandbox, {
		items: [{}],
		parameters: update(contactId, { lastName: 'Durand', phoneNumber: '07 11 22 33 44' }),
	});
	expect(changed.success).toEqual([
		{ contactId, lastname: 'Durand', phoneNumber: '+33711223344', updated: true },
	]);
	expect(sandbox.calls.at(-1)?.body).toMatchObject({
		contactId,
		contact: { lastname: 'Durand', phoneNumber: '+33711223344' },
	});
	expect(contactsOf(sandbox)[0]).toMatchObject({ lastname: 'Durand', phoneNumber: '+33711223344' });

	const deleted = await run(sandbox, { items: [{}], parameters: remove(contactId) });
	expect(deleted.success).toEqual([{ contactId, deleted: true }]);
	expect(contactsOf(sandbox)).toEqual([]);
});

test('a number already in the group (code 15) is a success that says so, beside the others, paired', async () => {
	const sandbox = await sandboxes.start();
	await run(sandbox, { items: [{}], parameters: add({ phoneNumber: '0612345678' }) });
	const result = await run(sandbox, {
		items: [{ phone: '0698765432' }, { phone: '+33612345678' }, { phone: '0711223344' }],
		parameters: add({ phoneNumber: '={{ $json.phone }}' }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors).toEqual([]);
	expect(result.success.map((item) => [item.phoneNumber, item.alreadyInGroup])).toEqual([
		['+33698765432', false],
		['+33612345678', true],
		['+33711223344', false],
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
	]);
	expect(sandbox.calls.filter((call) => call.path === '/contact/add')).toHaveLength(2);
	expect(contactsOf(sandbox)).toHaveLength(3);
});

test('1,001 items go in three requests of at most 500, one output each, in order', async () => {
	const sandbox = await sandboxes.start();
	const items = Array.from({ length: 1001 }, (_, index) => ({
		phone: `+336${String(10000000 + index).padStart(8, '0')}`,
	}));
	const result = await run(sandbox, {
		items,
		parameters: add({ phoneNumber: '={{ $json.phone }}' }),
	});
	expect(
		sandbox.calls.map((call) => (call.body as { contactsList: unknown[] }).contactsList.length),
	).toEqual([500, 500, 1]);
	expect(result.success.map((item) => item.phoneNumber)).toEqual(items.map((item) => item.phone));
});

test('a contact SMS Partner refuses (on the STOP list) goes to the error output alone', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('+33698765432', KEY);
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }, { phone: '0698765432' }],
		parameters: add({ phoneNumber: '={{ $json.phone }}' }),
		onError: 'continueErrorOutput',
	});
	expect(result.success.map((item) => item.phoneNumber)).toEqual(['+33612345678']);
	expect(result.errors).toEqual([
		{ phone: '0698765432', error: expect.objectContaining({ code: 14, outcome: 'rejected' }) },
	]);
});

test('a request that fails whole (unknown group, code 404) fails each of its items', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{}, {}],
		parameters: add({ groupId: '999999', phoneNumber: '0612345678' }),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => item.error)).toEqual([
		expect.objectContaining({
			code: 404,
			message: 'This group does not exist (SMS Partner code 404)',
		}),
		expect.objectContaining({ code: 404 }),
	]);
});

test('Get Many reads page after page; Limit stops early', async () => {
	const sandbox = await sandboxes.start();
	const items = Array.from({ length: 45 }, (_, index) => ({
		phone: `+336${String(20000000 + index).padStart(8, '0')}`,
	}));
	await run(sandbox, { items, parameters: add({ phoneNumber: '={{ $json.phone }}' }) });
	sandbox.calls.length = 0;
	const all = await run(sandbox, { items: [{}], parameters: getMany() });
	expect(all.success.map((item) => item.phoneNumber)).toEqual(items.map((item) => item.phone));
	expect(sandbox.calls.map((call) => call.query.page)).toEqual(['1', '2', '3']);
	sandbox.calls.length = 0;
	const some = await run(sandbox, {
		items: [{}],
		parameters: getMany({ returnAll: false, limit: 25 }),
	});
	expect(some.success).toHaveLength(25);
	expect(sandbox.calls.map((call) => call.query.page)).toEqual(['1', '2']);
});

test('Get and Get Many read the same contact: the list names no group, the group asked is given', async () => {
	const sandbox = await sandboxes.start();
	await run(sandbox, {
		items: [{}],
		parameters: add({ phoneNumber: '0612345678', additionalFields: { firstName: 'Ana' } }),
	});
	const contactId = String(contactsOf(sandbox)[0].contactId);
	const read = await run(sandbox, { items: [{}], parameters: get(contactId) });
	const listed = await run(sandbox, { items: [{}], parameters: getMany() });
	expect(read.success[0]).toMatchObject({
		contactId,
		groupId: GROUP,
		firstname: 'Ana',
		phoneNumber: '+33612345678',
	});
	expect(listed.success).toEqual(read.success);
	const answer = await fetch(`${sandbox.baseUrl}/contact/list?apiKey=${KEY}&groupId=${GROUP}`);
	const { datas } = (await answer.json()) as { datas: object[] };
	expect(datas[0]).not.toHaveProperty('groupId');
});

test('a date written the French way, day first, is sent as SMS Partner takes it', async () => {
	const sandbox = await sandboxes.start();
	const written = ['21/06/1990', '1.2.2000', '29-02-2024', '1990-06-21'];
	const result = await run(sandbox, {
		items: written.map((date, index) => ({ date, phone: `061234567${index}` })),
		parameters: add({
			phoneNumber: '={{ $json.phone }}',
			additionalFields: { date: '={{ $json.date }}' },
		}),
	});
	expect(result.success.map((contact) => contact.date)).toEqual([
		'1990-06-21',
		'2000-02-01',
		'2024-02-29',
		'1990-06-21',
	]);
	expect(
		sandbox.calls[0].body.contactsList.map((contact: { date: string }) => contact.date),
	).toEqual(['1990-06-21', '2000-02-01', '2024-02-29', '1990-06-21']);
	for (const impossible of ['29/02/2023', '31/04/2026', '00/01/2026', '12/13/2026']) {
		const refused = await run(sandbox, {
			items: [{}],
			parameters: add({ phoneNumber: '0612345678', additionalFields: { date: impossible } }),
			onError: 'continueErrorOutput',
		});
		expect(refused.errors[0].error).toMatchObject({ field: 'date', outcome: 'notSent' });
	}
	expect(sandbox.callCount()).toBe(1);
});

test('Get and Delete of an unknown contact are code 404', async () => {
	const sandbox = await sandboxes.start();
	for (const parameters of [get('424242'), remove('424242'), update('424242', { custom2: 'x' })]) {
		const result = await run(sandbox, { items: [{}], parameters, onError: 'continueErrorOutput' });
		expect(result.errors[0].error).toMatchObject({ code: 404, outcome: 'rejected' });
	}
});

test.each([
	['Phone Number', add({ phoneNumber: '01 23 45 67 89' }), 'phoneNumber', /French landline/],
	[
		'First Name',
		add({ phoneNumber: '0612345678', additionalFields: { firstName: 'x'.repeat(33) } }),
		'firstName',
		/First Name is 33 characters long: SMS Partner takes at most 32/,
	],
	[
		'Last Name',
		add({ phoneNumber: '0612345678', additionalFields: { lastName: 'é'.repeat(33) } }),
		'lastName',
		/Last Name is 33 characters long/,
	],
	[
		'Date',
		add({ phoneNumber: '0612345678', additionalFields: { date: '06/21/1990' } }),
		'date',
		/Date "06\/21\/1990" is not a calendar date written 21\/06\/1990 or 1990-06-21/,
	],
	[
		'Date',
		add({ phoneNumber: '0612345678', additionalFields: { date: '21 juin 1990' } }),
		'date',
		/not a calendar date/,
	],
	[
		'Date',
		add({ phoneNumber: '0612345678', additionalFields: { date: '2023-02-30' } }),
		'date',
		/not a calendar date/,
	],
	[
		'URL',
		add({ phoneNumber: '0612345678', additionalFields: { url: 'shop.example' } }),
		'url',
		/URL "shop.example" is not a web address starting with http:\/\/ or https:\/\//,
	],
	['Group ID', add({ groupId: '52 011', phoneNumber: '0612345678' }), 'groupId', /Group ID/],
	['Contact ID', get('1 2'), 'contactId', /Contact ID/],
	['Update Fields', update('871234', {}), 'updateFields', /Update Fields is empty/],
])(
	'%s: bad input is refused naming the field, nothing sent',
	async (_label, parameters, field, message) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, { items: [{}], parameters, onError: 'continueErrorOutput' });
		expect(result.errors[0].error).toMatchObject({
			field,
			outcome: 'notSent',
			message: expect.stringMatching(message),
		});
		expect(sandbox.callCount()).toBe(0);
	},
);

test('bad input without the error output: nothing is added at all', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }, { phone: 'nope' }],
		parameters: add({ phoneNumber: '={{ $json.phone }}' }),
	});
	expect(result.status).toBe('error');
	expect(sandbox.callCount()).toBe(0);
});

test.each(ACCOUNT_REFUSALS.filter(({ code }) => code !== 1))(
	'every contact call reads the account refusal code $code',
	async ({ code, message, apiKey }) => {
		const sandbox = await sandboxes.start();
		for (const parameters of [
			add({ phoneNumber: '0612345678' }),
			get('871234'),
			getMany(),
			update('871234', { custom1: 'x' }),
			remove('871234'),
		]) {
			const result = await run(sandbox, {
				apiKey,
				items: [{}],
				parameters,
				onError: 'continueErrorOutput',
			});
			expect(result.errors[0].error).toMatchObject({
				code,
				outcome: 'rejected',
				message: expect.stringContaining(message),
			});
		}
	},
);
