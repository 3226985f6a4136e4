/** Stop List › Get Many, Add, Remove through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const add = (phoneNumber: unknown) => operation('stopList', 'add', { phoneNumber });
const remove = (id: unknown) => operation('stopList', 'remove', { id });
const getMany = (parameters: Record<string, unknown> = { returnAll: true }) =>
	operation('stopList', 'getMany', parameters);

test('a number added is listed, refused by Send (code 14), and sendable again once removed', async () => {
	const sandbox = await sandboxes.start();
	const added = await run(sandbox, { items: [{}], parameters: add('06 12 34 56 78') });
	expect(added.success).toEqual([
		{ id: expect.any(String), phoneNumber: '+33612345678', alreadyListed: false },
	]);
	expect(sandbox.calls[0].body).toMatchObject({ phoneNumber: '+33612345678' });

	const listed = await run(sandbox, { items: [{}], parameters: getMany() });
	expect(listed.success).toEqual([
		{
			id: added.success[0].id,
			phoneNumber: '+33612345678',
			createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		},
	]);

	const sendParameters = operation('sms', 'send', { phoneNumbers: '0612345678', message: 'x' });
	const refused = await run(sandbox, {
		items: [{}],
		parameters: sendParameters,
		onError: 'continueErrorOutput',
	});
	expect(refused.errors[0].error).toMatchObject({ code: 14 });

	const removed = await run(sandbox, { items: [{}], parameters: remove(added.success[0].id) });
	expect(removed.success).toEqual([{ id: added.success[0].id, removed: true }]);
	const sent = await run(sandbox, { items: [{}], parameters: sendParameters });
	expect(sent.success).toHaveLength(1);
});

test('adding a listed number (code 15) is a success that says so; removing an unknown id is code 4', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('+33612345678', KEY);
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: add('={{ $json.phone }}'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors).toEqual([]);
	expect(result.success).toEqual([{ phoneNumber: '+33612345678', alreadyListed: true }]);
	expect(sandbox.calls.map((call) => call.path)).toEqual(['/stop-sms/add']);
	expect(
		(sandbox.account(KEY).stopList ?? []).filter((stop) => stop.phoneNumber === '+33612345678'),
	).toHaveLength(1);
	const missing = await run(sandbox, {
		items: [{}],
		parameters: remove(987654),
		onError: 'continueErrorOutput',
	});
	expect(missing.errors[0].error).toMatchObject({
		code: 4,
		message: 'This entry is not on the STOP list (SMS Partner code 4)',
	});
});

const removeByPhone = (phoneNumber: unknown) =>
	operation('stopList', 'remove', { removeBy: 'phoneNumber', phoneNumber });

test('Remove by phone number: the STOP list is read, the entry of that number removed, the others kept', async () => {
	const sandbox = await sandboxes.start();
	const kept = String(sandbox.addStop('+33698765432', KEY));
	const id = String(sandbox.addStop('+33612345678', KEY));
	const removed = await run(sandbox, {
		items: [{ phone: '06 12 34 56 78' }],
		parameters: removeByPhone('={{ $json.phone }}'),
	});
	expect(removed.success).toEqual([{ phoneNumber: '+33612345678', ids: [id], removed: true }]);
	expect(sandbox.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
		'GET /stop-sms/list',
		'GET /stop-sms/delete',
	]);
	expect(sandbox.calls[1].query).toMatchObject({ id });
	expect((sandbox.account(KEY).stopList ?? []).map((entry) => String(entry.id))).toEqual([kept]);
});

test('Remove by phone number: a number not on the list is refused naming it, nothing removed', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('+33698765432', KEY);
	const result = await run(sandbox, {
		items: [{}],
		parameters: removeByPhone('07 11 22 33 44'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		field: 'phoneNumber',
		outcome: 'notSent',
		message: 'Phone Number "+33711223344" is not on the STOP list: nothing to remove',
	});
	expect(sandbox.calls.map((call) => call.path)).toEqual(['/stop-sms/list']);
	expect(sandbox.account(KEY).stopList).toHaveLength(1);
});

test('Remove by phone number: a number that is not one is refused before any request', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{}],
		parameters: removeByPhone('1042'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({ field: 'phoneNumber', outcome: 'notSent' });
	expect(sandbox.callCount()).toBe(0);
});

test('Remove By from an expression that gives another word is refused, nothing read or removed', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('+33612345678', KEY);
	const result = await run(sandbox, {
		items: [{ how: 'phone' }],
		parameters: operation('stopList', 'remove', {
			removeBy: '={{ $json.how }}',
			phoneNumber: '06 12 34 56 78',
			id: '1',
		}),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		field: 'removeBy',
		outcome: 'notSent',
		message: 'Remove By must be "id" or "phoneNumber", not "phone"',
	});
	expect(sandbox.callCount()).toBe(0);
	expect(sandbox.account(KEY).stopList).toHaveLength(1);
});

test.each([
	['Remove By', { removeBy: '={{ $json.how }}', phoneNumber: '06 12 34 56 78', id: '1' }],
	['Phone Number', { removeBy: 'phoneNumber', phoneNumber: '={{ $json.phone }}' }],
	['ID', { removeBy: 'id', id: '={{ $json.id.trim() }}' }],
])(
	'Remove: %s from an expression that gives nothing is refused, nothing read or removed',
	async (label, parameters) => {
		const sandbox = await sandboxes.start();
		sandbox.addStop('+33612345678', KEY);
		const result = await run(sandbox, {
			items: [{ other: 1 }],
			parameters: operation('stopList', 'remove', parameters),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			outcome: 'notSent',
			message: `${label} is empty: its expression gave nothing`,
		});
		expect(sandbox.callCount()).toBe(0);
		expect(sandbox.account(KEY).stopList).toHaveLength(1);
	},
);

test('bad input is refused before sending', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: 'STOP', id: 'x1' }],
		parameters: add('={{ $json.phone }}'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({ field: 'phoneNumber', outcome: 'notSent' });
	const bad = await run(sandbox, {
		items: [{ id: 'x 1' }],
		parameters: remove('={{ $json.id }}'),
		onError: 'continueErrorOutput',
	});
	expect(bad.errors[0].error).toMatchObject({
		field: 'id',
		message:
			'ID "x 1" is not an SMS Partner ID: give it as SMS Partner gave it, as text (letters, digits, - _ . :), e.g. 48213377',
	});
	expect(sandbox.callCount()).toBe(0);
});

test('Get Many honours Limit; XML gives the same items as JSON', async () => {
	const sandbox = await sandboxes.start();
	for (const number of ['0611111111', '0622222222', '0633333333']) sandbox.addStop(number, KEY);
	const limited = await run(sandbox, {
		items: [{}],
		parameters: getMany({ returnAll: false, limit: 2 }),
	});
	expect(limited.success).toHaveLength(2);
	const json = await run(sandbox, { items: [{}], parameters: getMany() });
	const xml = await run(sandbox, {
		items: [{}],
		parameters: { ...getMany(), options: { responseFormat: 'xml' } },
	});
	expect(xml.success).toEqual(json.success);
	expect(json.success.map((item) => item.phoneNumber)).toEqual([
		'+33611111111',
		'+33622222222',
		'+33633333333',
	]);
});

test('Get Many lists an entry the node would refuse to add (a landline put there from the dashboard) as SMS Partner wrote it', async () => {
	const sandbox = await sandboxes.start();
	sandbox.addStop('+33123456789', KEY);
	sandbox.addStop('+590690123456', KEY);
	const result = await run(sandbox, { items: [{}], parameters: getMany() });
	expect(result.success.map((item) => item.phoneNumber)).toEqual(['+33123456789', '+590690123456']);
});
