/** Group › Create, Get Many, Delete through n8n's engine against the sandbox. */
import { ACCOUNT_REFUSALS, KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const create = (name: unknown) => operation('group', 'create', { name });
const getMany = (parameters: Record<string, unknown> = { returnAll: true }) =>
	operation('group', 'getMany', parameters);
const deleteGroup = (groupId: unknown) => operation('group', 'delete', { groupId });

const groupsOf = (sandbox: Awaited<ReturnType<typeof sandboxes.start>>) =>
	(sandbox.account(KEY).groups ?? []).map((group) => group.name);

test.each(['json', 'xml'])(
	'(%s) a group created is listed with its ID, and gone once deleted by that ID',
	async (responseFormat) => {
		const sandbox = await sandboxes.start();
		const options = { options: { responseFormat } };
		const created = await run(sandbox, {
			items: [{ name: 'VIP Lyon' }],
			parameters: { ...create('={{ $json.name }}'), ...options },
		});
		expect(created.success).toEqual([{ groupId: expect.any(String), name: 'VIP Lyon' }]);
		const { groupId } = created.success[0] as { groupId: string };
		expect(sandbox.calls[0]).toMatchObject({
			method: 'POST',
			path: '/group/add',
			body: { name: 'VIP Lyon' },
		});

		const listed = await run(sandbox, { items: [{}], parameters: { ...getMany(), ...options } });
		expect(listed.success).toEqual([
			{
				groupId: '52011',
				name: 'Customers',
				createdAt: '2026-01-15T09:30:00+01:00',
				isSpecialFile: false,
				isLocationFile: false,
			},
			{
				groupId,
				name: 'VIP Lyon',
				createdAt: expect.any(String),
				isSpecialFile: false,
				isLocationFile: false,
			},
		]);

		const deleted = await run(sandbox, {
			items: [{}],
			parameters: { ...deleteGroup(groupId), ...options },
		});
		expect(deleted.success).toEqual([{ groupId, deleted: true }]);
		expect(groupsOf(sandbox)).toEqual(['Customers']);
	},
);

test('Delete goes as POST /group/delete with the group ID in the JSON body (both of SMS Partner’s samples send POST)', async () => {
	const sandbox = await sandboxes.start();
	await run(sandbox, { items: [{}], parameters: deleteGroup('52011') });
	expect(sandbox.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
		'POST /group/delete',
	]);
	expect(sandbox.calls[0].body).toMatchObject({ groupId: '52011' });
	expect(sandbox.calls[0].contentType).toMatch(/application\/json/);
});

test("Delete: a server without /group/delete (HTTP 404, no SMS Partner answer) is asked at the French page's /groupe/delete", async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault('/group/delete', {
		status: 404,
		body: '<html><body>Not Found</body></html>',
		contentType: 'text/html',
	});
	const deleted = await run(sandbox, { items: [{}], parameters: deleteGroup('52011') });
	expect(deleted.success).toEqual([{ groupId: '52011', deleted: true }]);
	expect(sandbox.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
		'POST /group/delete',
		'POST /groupe/delete',
	]);
	expect(groupsOf(sandbox)).toEqual([]);
});

test('Delete of an unknown group is SMS Partner’s code 404, and never asked again elsewhere', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{}],
		parameters: deleteGroup('999999'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code: 404,
		outcome: 'rejected',
		message: 'This group does not exist (SMS Partner code 404)',
	});
	expect(sandbox.calls.map((call) => call.path)).toEqual(['/group/delete']);
});

test('Create: an answer with the English page’s success code 2 is a success', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault('/group/add', {
		answer: { success: true, code: 2, name: 'Shop', groupId: 'G-77' },
	});
	const created = await run(sandbox, { items: [{}], parameters: create('Shop') });
	expect(created.success).toEqual([{ groupId: 'G-77', name: 'Shop' }]);
});

test('Get Many: Limit keeps the first groups', async () => {
	const sandbox = await sandboxes.start();
	await run(sandbox, { items: [{}, {}], parameters: create('More') });
	const listed = await run(sandbox, {
		items: [{}],
		parameters: getMany({ returnAll: false, limit: 2 }),
	});
	expect(listed.success.map((group) => group.name)).toEqual(['Customers', 'More']);
});

test.each([
	['Name', create('   '), 'name', 'Name is empty: give the group a name'],
	[
		'Group ID',
		deleteGroup('12 34'),
		'groupId',
		'Group ID "12 34" is not an SMS Partner ID: give it as SMS Partner gave it, as text (letters, digits, - _ . :), e.g. 48213377',
	],
	['Group ID', deleteGroup('  '), 'groupId', 'Group ID is empty: give the ID SMS Partner gave'],
])(
	'%s: bad input is refused naming the field, nothing sent',
	async (_label, parameters, field, message) => {
		const sandbox = await sandboxes.start();
		const result = await run(sandbox, { items: [{}], parameters, onError: 'continueErrorOutput' });
		expect(result.errors[0].error).toMatchObject({ field, outcome: 'notSent', message });
		expect(sandbox.callCount()).toBe(0);
	},
);

test('a missing key is code 2 on Create and code 10 on Get Many and Delete, as their pages say', async () => {
	const sandbox = await sandboxes.start();
	const codes = [];
	for (const parameters of [create('X'), getMany(), deleteGroup('52011')]) {
		const result = await run(sandbox, {
			apiKey: '',
			items: [{}],
			parameters,
			onError: 'continueErrorOutput',
		});
		codes.push(result.errors[0].error);
	}
	expect(codes).toEqual([
		expect.objectContaining({ code: 2, message: 'The API key is required (SMS Partner code 2)' }),
		expect.objectContaining({ code: 10, outcome: 'rejected' }),
		expect.objectContaining({ code: 10, outcome: 'rejected' }),
	]);
});

test('Create: code 1 is refused in SMS Partner’s own words, the causes its pages give listed', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault('/group/add', { answer: { success: false, code: 1 } });
	const result = await run(sandbox, {
		items: [{}],
		parameters: create('X'),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({ code: 1, outcome: 'rejected' });
	expect(JSON.stringify(result.errors[0].error)).toMatch(/group name is required/i);
});

test.each(ACCOUNT_REFUSALS.filter(({ code }) => code !== 1))(
	'every group call reads the account refusal code $code',
	async ({ code, message, apiKey }) => {
		const sandbox = await sandboxes.start();
		for (const parameters of [create('X'), getMany(), deleteGroup('52011')]) {
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
