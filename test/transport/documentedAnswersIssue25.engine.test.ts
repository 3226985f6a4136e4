/**
 * Issue 25's operations against SMS Partner's answers as its pages print them,
 * byte for byte (test/support/documentedAnswers.ts), served by the sandbox in
 * place of its own: through n8n's engine, over real HTTP. Then the sandbox's own
 * answers, which must have the documented shapes.
 */
import {
	CONTACT_DELETE_DOCUMENTED,
	CONTACT_DETAIL_DOCUMENTED,
	CONTACT_LIST_DOCUMENTED,
	CONTACT_UPDATE_DOCUMENTED,
	CONTACTS_ADD_DOCUMENTED,
	COST_RESUME_DOCUMENTED,
	COST_RESUME_S13_FRAGMENT,
	GROUP_ADD_DOCUMENTED,
	GROUP_DELETE_DOCUMENTED,
	GROUP_LIST_DOCUMENTED,
	HLR_NOTIFY_DOCUMENTED,
	HLR_NOTIFY_FRENCH_PAGE,
	KEY_REFUSAL_CONTACT_PAGES,
	LOOKUP_DOCUMENTED,
	ME_XML_DOCUMENTED,
	MULTI_STATUS_DOCUMENTED,
} from '../support/documentedAnswers';
import { KEY, operation, run, sandboxFixture, type TestSandbox } from '../support/fixtures';

const sandboxes = sandboxFixture();

/** The documented bytes, for `path`, in place of the sandbox's answer (nothing done). */
function serve(sandbox: TestSandbox, path: string, body: string, status = 200) {
	sandbox.fault(path, { body, status, contentType: 'application/json' });
}

/**
 * The pages' placeholder IDs ("ID GROUPE", "ID CONTACT", "identifiant du groupe")
 * hold spaces, which no SMS Partner ID has (the detail page's group ID is 6363): the
 * node refuses them (an ID goes into URLs). The tests put an ID in their place, and
 * show apart that the placeholder itself is never taken for one.
 */
const withId = (body: string, placeholder: string, id: string) => {
	if (!body.includes(`"${placeholder}"`)) throw new Error(`No "${placeholder}" in the answer`);
	return body.replaceAll(`"${placeholder}"`, `"${id}"`);
};

const errorOf = (result: Awaited<ReturnType<typeof run>>, index = 0) =>
	result.errors[index].error as Record<string, unknown>;

describe('Group', () => {
	test('Create reads the documented answer: success with code 2, the group ID as sent', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/group/add', withId(GROUP_ADD_DOCUMENTED, 'ID GROUPE', '52012'));
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'create', { name: 'Nom du groupe' }),
		});
		expect(result.errors).toEqual([]);
		expect(result.success).toEqual([{ groupId: '52012', name: 'Nom du groupe' }]);
	});

	test('Create: the page’s placeholder "ID GROUPE" is never output as an ID: outcome unknown', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/group/add', GROUP_ADD_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'create', { name: 'Nom du groupe' }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({
			outcome: 'unknown',
			message: "SMS Partner reported success but its answer has no readable 'groupId'",
		});
	});

	test('Get Many reads the documented list, which says success: false and carries no code', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/group/list', withId(GROUP_LIST_DOCUMENTED, 'identifiant du groupe', '6363'));
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'getMany', { returnAll: true }),
		});
		expect(result.errors).toEqual([]);
		expect(result.success).toEqual([
			{
				groupId: '6363',
				name: 'groupe name',
				createdAt: '2020-10-02T16:40:05+02:00',
				isSpecialFile: false,
				isLocationFile: false,
			},
		]);
	});

	test.each([
		[
			'code 10 beside the list',
			'{"success":false,"code":10,"message":"Clef API incorrecte","groups":[]}',
		],
		['a message beside the list', '{"success":false,"message":"Erreur","groups":[]}'],
		['no list', '{"success":false}'],
		['a list that is not one', '{"success":false,"groups":"none"}'],
	])('Get Many: success: false with %s is never read as the list', async (_, body) => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/group/list', body);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'getMany', { returnAll: true }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({ outcome: 'rejected' });
	});

	test('Get Many: an HTML page at HTTP 200 is not a list', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/group/list', {
			body: '<html><body>groups</body></html>',
			contentType: 'text/html',
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'getMany', { returnAll: true }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({
			message: 'SMS Partner sent an answer that could not be read: outcome unknown',
		});
	});

	test.each(['/group/delete', '/groupe/delete'])(
		'Delete reads the documented answer, at %s',
		async (path) => {
			const sandbox = await sandboxes.start();
			if (path === '/groupe/delete')
				sandbox.fault('/group/delete', {
					status: 404,
					body: 'Not Found',
					contentType: 'text/plain',
				});
			serve(sandbox, path, GROUP_DELETE_DOCUMENTED);
			const result = await run(sandbox, {
				items: [{}],
				parameters: operation('group', 'delete', { groupId: '6363' }),
			});
			expect(result.success).toEqual([{ groupId: '6363', deleted: true }]);
		},
	);

	test('the contact pages’ code 10, wrapped in two pairs of braces, is never a success: Create’s outcome is unknown', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/group/add', KEY_REFUSAL_CONTACT_PAGES);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('group', 'create', { name: 'Clients' }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({
			outcome: 'unknown',
			message: 'SMS Partner sent an answer that could not be read: outcome unknown',
			description: expect.stringContaining('Group › Get Many shows whether it is there'),
		});
	});
});

describe('Contact', () => {
	test('Add reads the documented batch answer: no success, no code, each line already in the group', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/add', CONTACTS_ADD_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{ phone: '0600000000' }, { phone: '0600000001' }],
			parameters: operation('contact', 'add', {
				groupId: 'GROUP_ID',
				phoneNumber: '={{ $json.phone }}',
			}),
			onError: 'continueErrorOutput',
		});
		expect(result.errors).toEqual([]);
		expect(result.success).toEqual([
			{ groupId: 'GROUP_ID', phoneNumber: '+33600000000', contactId: null, alreadyInGroup: true },
			{ groupId: 'GROUP_ID', phoneNumber: '+33600000001', contactId: null, alreadyInGroup: true },
		]);
		expect(sandbox.calls[0].body).toMatchObject({
			groupId: 'GROUP_ID',
			contactsList: [{ phoneNumber: '+33600000000' }, { phoneNumber: '+33600000001' }],
		});
	});

	test('Add: the documented answer for other numbers than those sent is an unknown outcome for each', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/add', CONTACTS_ADD_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{ phone: '0611111111' }],
			parameters: operation('contact', 'add', {
				groupId: 'GROUP_ID',
				phoneNumber: '={{ $json.phone }}',
			}),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({ outcome: 'unknown' });
	});

	test('Update reads the documented answer', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/update', withId(CONTACT_UPDATE_DOCUMENTED, 'ID CONTACT', '871234'));
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('contact', 'update', {
				contactId: '871234',
				updateFields: { firstName: 'prénom', lastName: 'nom', custom2: 'custom2' },
			}),
		});
		expect(result.success).toEqual([
			{
				contactId: '871234',
				firstname: 'prénom',
				lastname: 'nom',
				custom2: 'custom2',
				updated: true,
			},
		]);
	});

	test('Delete reads the documented answer (indented with no-break spaces)', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/delete', CONTACT_DELETE_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('contact', 'delete', { contactId: '871234' }),
		});
		expect(result.success).toEqual([{ contactId: '871234', deleted: true }]);
	});

	test('Get reads the documented detail: the number under `phone`, the group ID a JSON number', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/detail', withId(CONTACT_DETAIL_DOCUMENTED, 'ID CONTACT', '871234'));
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('contact', 'get', { contactId: '871234' }),
		});
		expect(result.errors).toEqual([]);
		expect(result.success).toEqual([
			{
				contactId: '871234',
				groupId: '6363',
				phoneNumber: '+xxxxxxxxxxx',
				firstname: '',
				lastname: '',
				date: '',
				url: '',
				shortUrl: '',
				custom1: '',
				custom2: '',
				custom3: '',
				custom4: '',
				createdAt: '2020-10-02T16:40:05+02:00',
				stopSms: false,
			},
		]);
	});

	test('Get Many reads the documented page: `total` as text, contacts without a group ID, one request', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/contact/list', CONTACT_LIST_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('contact', 'getMany', { groupId: 'group_id', returnAll: true }),
		});
		expect(result.errors).toEqual([]);
		expect(result.success.map((contact) => [contact.firstname, contact.groupId])).toEqual([
			['Michel', 'group_id'],
			['Marie', 'group_id'],
		]);
		expect(result.success[0]).toMatchObject({
			contactId: 'ID_CONTACT',
			phoneNumber: '+33XXXXXXXXX',
			lastname: 'Dupont',
			createdAt: '2025-03-12T13:49:22+01:00',
			stopSms: false,
		});
		expect(sandbox.calls.map((call) => [call.method, call.path, call.query.page])).toEqual([
			['GET', '/contact/list', '1'],
		]);
	});
});

describe('SMS › Get Many Statuses', () => {
	test('reads the documented /multi-status answer: one delivered, two not found (code 4)', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/multi-status', MULTI_STATUS_DOCUMENTED);
		const result = await run(sandbox, {
			items: [
				{ id: '111111', phone: '06 99 99 99 93' },
				{ id: '1000', phone: '+33699999992' },
				{ id: '1222', phone: '0699999991' },
			],
			parameters: operation('sms', 'getManyStatuses', {
				messageId: '={{ $json.id }}',
				phoneNumber: '={{ $json.phone }}',
			}),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([
			expect.objectContaining({
				messageId: '111111',
				phoneNumber: '+33699999993',
				status: 'delivered',
				smsPartnerStatus: 'Delivered',
				date: '2018-02-06T17:26:56+01:00',
				stopSms: false,
				isSpam: false,
			}),
		]);
		expect(result.errors.map((item) => (item.error as { code: number }).code)).toEqual([4, 4]);
		expect(errorOf(result)).toMatchObject({
			outcome: 'rejected',
			description: expect.stringContaining('Numéro introuvable'),
		});
		expect(sandbox.calls[0].body).toEqual({
			apiKey: KEY,
			SMSStatut_List: [
				{ phoneNumber: '+33699999993', messageId: 111111 },
				{ phoneNumber: '+33699999992', messageId: 1000 },
				{ phoneNumber: '+33699999991', messageId: 1222 },
			],
			_format: 'json',
		});
	});
});

describe('Account › Get Costs', () => {
	test('reads the documented answer, which has success and no code: one item a month', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/statistics/cost-resume', COST_RESUME_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getCosts', { period: 'lastTwelveMonths' }),
		});
		expect(result.success).toEqual([
			{
				period: 'lastTwelveMonths',
				month: '2021-10',
				cost: 49.174,
				smsSent: 1210,
				monthName: 'october',
			},
			{
				period: 'lastTwelveMonths',
				month: '2021-11',
				cost: 67.674,
				smsSent: 1409,
				monthName: 'november',
			},
		]);
	});

	test('the French page’s sample, cut after its second month, is never read as costs', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/statistics/cost-resume', COST_RESUME_S13_FRAGMENT);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getCosts', { period: 'lastTwelveMonths' }),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorOf(result)).toMatchObject({ outcome: 'unknown' });
	});

	test('a range goes as interval=custom with from and to written DD-MM-YYYY, as the pages write them', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/statistics/cost-resume', COST_RESUME_DOCUMENTED);
		await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getCosts', {
				period: 'range',
				from: '2021-10-01',
				to: '2021-11-30',
			}),
		});
		expect(sandbox.calls[0].query).toMatchObject({
			interval: 'custom',
			from: '01-10-2021',
			to: '30-11-2021',
		});
	});
});

describe('Number', () => {
	test('Check reads the documented /lookup answer: valid, a mobile, its formats, the country as named', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/lookup', LOOKUP_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('number', 'check', { phoneNumber: '0612345678' }),
		});
		expect(result.success).toEqual([
			expect.objectContaining({
				valid: true,
				type: 'mobile',
				countryCode: 'France',
				prefixCode: 33,
				network: null,
				e164: '+336XXXXXXXX',
				international: '+33 6 XX XX XX XX',
				national: '06 XX XX XX XX',
				rfc3966: 'tel:+33-6-XX-XX-XX-XX',
			}),
		]);
		expect(sandbox.calls[0].body).toMatchObject({ phoneNumbers: '+33612345678' });
	});

	test('HLR Lookup reads the documented /hlr/notify answer', async () => {
		const sandbox = await sandboxes.start();
		serve(sandbox, '/hlr/notify', HLR_NOTIFY_DOCUMENTED);
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('number', 'hlrLookup', {
				phoneNumber: '06 12 34 56 78',
				notifyUrl: 'https://n8n.example.com/webhook/hlr',
			}),
		});
		expect(result.success).toEqual([
			expect.objectContaining({
				phoneNumber: '+33612345678',
				campaignId: 'HLR000000',
				numbers: 1,
				cost: 0.005,
				currency: 'EUR',
			}),
		]);
		expect(sandbox.calls[0].body).toMatchObject({
			phoneNumbers: '+33612345678',
			notifyUrl: 'https://n8n.example.com/webhook/hlr',
		});
	});

	test.each([
		['json', HLR_NOTIFY_FRENCH_PAGE],
		['xml', ME_XML_DOCUMENTED],
	])(
		'HLR Lookup: the French page’s sample (the /me answer, in %s) is an unknown outcome, never a lookup',
		async (responseFormat, body) => {
			const sandbox = await sandboxes.start();
			sandbox.fault('/hlr/notify', { body });
			const result = await run(sandbox, {
				items: [{}],
				parameters: operation('number', 'hlrLookup', {
					phoneNumber: '06 12 34 56 78',
					notifyUrl: 'https://n8n.example.com/webhook/hlr',
					options: { responseFormat },
				}),
				onError: 'continueErrorOutput',
			});
			expect(result.success).toEqual([]);
			expect(errorOf(result)).toMatchObject({
				outcome: 'unknown',
				description: expect.stringContaining('HLR credit'),
			});
		},
	);
});

/** What a JSON value is made of: its keys and the kinds of their values, a list by its first item. */
function shapeOf(value: unknown): unknown {
	if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
	if (value === null) return 'null';
	if (typeof value !== 'object') return typeof value;
	return Object.fromEntries(
		Object.entries(value)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([key, inner]) => [key, shapeOf(inner)]),
	);
}

const documented = (text: string) => JSON.parse(text.replace(/\u00a0/g, ' ')) as unknown;

describe("the sandbox's own answers have the documented shapes", () => {
	async function ask(sandbox: TestSandbox, method: string, path: string, fields: object = {}) {
		const url = new URL(`${sandbox.baseUrl}${path}`);
		const init: RequestInit = { method };
		if (method === 'GET') {
			for (const [name, value] of Object.entries({ apiKey: KEY, ...fields }))
				url.searchParams.set(name, String(value));
		} else {
			init.headers = { 'Content-Type': 'application/json' };
			init.body = JSON.stringify({ apiKey: KEY, ...fields });
		}
		return (await (await fetch(url, init)).json()) as Record<string, unknown>;
	}

	test('Group: add, list, delete', async () => {
		const sandbox = await sandboxes.start();
		const added = await ask(sandbox, 'POST', '/group/add', { name: 'Nom du groupe' });
		expect(shapeOf(added)).toEqual(shapeOf(documented(GROUP_ADD_DOCUMENTED)));
		expect(added.code).toBe(2);
		expect(shapeOf(await ask(sandbox, 'GET', '/group/list'))).toEqual(
			shapeOf(documented(GROUP_LIST_DOCUMENTED)),
		);
		const deleted = await ask(sandbox, 'POST', '/groupe/delete', { groupId: added.groupId });
		expect(shapeOf(deleted)).toEqual(shapeOf(documented(GROUP_DELETE_DOCUMENTED)));
		// Both pages label it DELETE: the sandbox takes that method too.
		const again = await ask(sandbox, 'DELETE', '/group/delete', { groupId: '52011' });
		expect(again).toEqual({ success: true, code: 200 });
	});

	test('Contact: a batch of numbers already in the group, update, detail, list, delete', async () => {
		const sandbox = await sandboxes.start();
		const contactsList = [{ phoneNumber: '0600000000' }, { phoneNumber: '0600000001' }];
		const first = await ask(sandbox, 'POST', '/contact/add', { groupId: '52011', contactsList });
		expect((first.results as object[]).map(shapeOf)).toEqual([
			{ code: 'number', phoneNumber: 'string', success: 'boolean' },
			{ code: 'number', phoneNumber: 'string', success: 'boolean' },
		]);
		const again = await ask(sandbox, 'POST', '/contact/add', { groupId: '52011', contactsList });
		expect(shapeOf(again)).toEqual(shapeOf(documented(CONTACTS_ADD_DOCUMENTED)));
		const contactId = String(sandbox.account(KEY).groups![0].contacts![0].contactId);
		const updated = await ask(sandbox, 'POST', '/contact/update', {
			contactId,
			contact: {
				phoneNumber: '+33600000002',
				firstname: 'prénom',
				lastname: 'nom',
				url: '',
				date: '2020-06-12',
				custom2: 'custom2',
			},
		});
		expect(shapeOf(updated)).toEqual(shapeOf(documented(CONTACT_UPDATE_DOCUMENTED)));
		expect(shapeOf(await ask(sandbox, 'GET', '/contact/detail', { contactId }))).toEqual(
			shapeOf(documented(CONTACT_DETAIL_DOCUMENTED)),
		);
		expect(shapeOf(await ask(sandbox, 'GET', '/contact/list', { groupId: '52011' }))).toEqual(
			shapeOf(documented(CONTACT_LIST_DOCUMENTED)),
		);
		expect(shapeOf(await ask(sandbox, 'POST', '/contact/delete', { contactId }))).toEqual(
			shapeOf(documented(CONTACT_DELETE_DOCUMENTED)),
		);
	});

	test('Statistics, number checks', async () => {
		const sandbox = await sandboxes.start();
		const costs = await ask(sandbox, 'GET', '/statistics/cost-resume', {
			interval: 'last_twelve_months',
		});
		expect(shapeOf(costs)).toEqual(shapeOf(documented(COST_RESUME_DOCUMENTED)));
		expect(
			shapeOf(await ask(sandbox, 'POST', '/lookup', { phoneNumbers: '+33612345678' })),
		).toEqual(shapeOf(documented(LOOKUP_DOCUMENTED)));
		expect(
			shapeOf(await ask(sandbox, 'POST', '/hlr/notify', { phoneNumbers: '+33612345678' })),
		).toEqual(shapeOf(documented(HLR_NOTIFY_DOCUMENTED)));
	});
});
