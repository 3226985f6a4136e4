/**
 * SMS Partner's documented answers, as its pages print them (layout and CDATA
 * included), and answers that contradict themselves: through n8n's engine,
 * over real HTTP, against the sandbox.
 */
import { CODE_9_XML_DOCUMENTED, ME_XML_DOCUMENTED } from '../support/documentedAnswers';
import { KEY, operation, removeCredit, run, sandboxFixture } from '../support/fixtures';

const sandboxes = sandboxFixture();

const xml = { options: { responseFormat: 'xml' } };

describe('Get Balance reads /me as SMS Partner documents it in XML', () => {
	test('the documented sample, verbatim: named user elements, seven credit entries', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/me', { body: ME_XML_DOCUMENTED, contentType: 'application/xml' });
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getBalance', xml),
		});
		expect(result.errors).toEqual([]);
		expect(result.success).toEqual([
			{
				credit: 10224.688,
				currency: 'EUR',
				premiumSmsItBuys: 269070,
				lowCostSmsItBuys: 444551,
				hlrLookupsItBuys: 2044937,
				smsNotYetSent: 0,
				username: 'exemple@email.com',
				firstname: 'John',
				lastname: 'Doe',
			},
		]);
	});

	test("the sandbox's /me in XML is the documented form, and reads as its JSON does", async () => {
		const sandbox = await sandboxes.start();
		const response = await fetch(`${sandbox.baseUrl}/me?apiKey=${KEY}&_format=xml`);
		const text = await response.text();
		// The documented layout: user by name, the balance's CDATA on its own line, twice.
		expect(text).toMatch(/<entry>\n {8}<username>main@sandbox\.local<\/username>\n/);
		expect(text.match(/<entry>\n {12}<!\[CDATA\[1000\.000\]\]>\n {8}<\/entry>/g)).toHaveLength(2);
		const asXml = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getBalance', xml),
		});
		const asJson = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getBalance'),
		});
		expect(asXml.success).toHaveLength(1);
		expect(asXml.success).toEqual(asJson.success);
	});

	test('a named element of another kind than its place wants is refused whole, never output', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/me', {
			body: ME_XML_DOCUMENTED.replace(
				'<username>exemple@email.com</username>',
				'<username><x>1</x></username>',
			),
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('account', 'getBalance', xml),
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown' });
	});
});

describe('code 9 in XML is read as the refusal it is, naming each field', () => {
	test.each(['200', '4xx'] as const)(
		'the documented sample, verbatim, with HTTP %s: refused, every field named',
		async (errorStatus) => {
			const sandbox = await sandboxes.start({ errorStatus });
			sandbox.fault('/send', {
				body: CODE_9_XML_DOCUMENTED,
				status: errorStatus === '200' ? 200 : 400,
				contentType: 'application/xml',
			});
			const result = await run(sandbox, {
				items: [{}],
				parameters: operation('sms', 'send', {
					phoneNumbers: '0612345678',
					message: 'Bonjour',
					...xml,
				}),
				onError: 'continueErrorOutput',
			});
			expect(result.success).toEqual([]);
			const { error } = result.errors[0] as { error: Record<string, unknown> };
			expect(error).toMatchObject({
				code: 9,
				outcome: 'rejected',
				message: 'SMS Partner refused a field of the request (SMS Partner code 9)',
			});
			expect(error.description).toContain(
				"message: Le message est requis; phoneNumbers: Ce numéro de téléphone n'est pas valide (922264); sender: L'émetteur ne peut pas être plus long que 11 caractères; scheduledDeliveryDate: La date (21/11/2014 à :) est anterieure à la date actuelle. Si vous souhaitez l'envoyer maintenant vous devez sélectionner [Envoi immédiat]; minute",
			);
			expect(error.description).toContain(
				"minute: La minute est requise; time: L'heure est requise",
			);
		},
	);

	test.each([
		[
			'Send',
			'/send',
			operation('sms', 'send', { phoneNumbers: '0612345678', message: 'Bonjour', ...xml }),
		],
		[
			'Stop List › Add',
			'/stop-sms/add',
			operation('stopList', 'add', { phoneNumber: '0612345678', ...xml }),
		],
	])(
		"%s: the sandbox's code 9 in XML, in the documented form, is read as a refusal",
		async (_, path, parameters) => {
			const sandbox = await sandboxes.start({ errorStatus: '4xx' });
			const errors = [
				{ elementId: 'children[phoneNumber].data', message: "Ce numéro n'est pas valide" },
			];
			sandbox.fault(path, { status: 400, answer: { success: false, code: 9, errors } });
			const result = await run(sandbox, {
				items: [{}],
				parameters,
				onError: 'continueErrorOutput',
			});
			expect(result.errors[0].error).toMatchObject({
				code: 9,
				outcome: 'rejected',
				description: expect.stringContaining("phoneNumber: Ce numéro n'est pas valide"),
			});
			const response = await fetch(`${sandbox.baseUrl}${path}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ apiKey: KEY, _format: 'xml' }),
			});
			expect(await response.text()).toContain(
				"          <entry>\n                <entry>\n                  <entry>children[phoneNumber].data</entry>\n                  <entry>Ce numéro n'est pas valide</entry>\n                </entry>\n      </entry>\n</result>",
			);
		},
	);
});

/** The error items' `error` objects, typed. */
type ErrorDetails = { message: string; description: string; outcome: string; code: number | null };
const errorsOf = (result: Awaited<ReturnType<typeof run>>) =>
	result.errors.map((item) => ({ ...(item.error as ErrorDetails), phone: item.phone }));

describe('answers that contradict themselves are never a clean outcome', () => {
	const people = [
		{ phone: '0611111111', text: 'Bonjour Anne' },
		{ phone: '0622222222', text: 'Bonjour Marc' },
		{ phone: '0633333333', text: 'Bonjour Zoé' },
	];
	const sendMany = operation('sms', 'sendMany', {
		phoneNumber: '={{ $json.phone }}',
		message: '={{ $json.text }}',
	});
	const line = (phoneNumber: string, fields: Record<string, unknown>) => ({
		phoneNumber,
		...fields,
	});

	test('Send Many: a line saying success with code 14 is unknown, its neighbours as they are', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/bulk-send', {
			answer: {
				success: true,
				code: 200,
				message_id: 48213377,
				currency: 'EUR',
				cost: 0.135,
				nbSMS: 3,
				SMSResponse_List: [
					line('+33611111111', { success: true, code: 200, nbSms: 1, cost: 0.045 }),
					line('+33622222222', { success: true, code: 14, nbSms: 1, cost: 0.045 }),
					line('+33633333333', { success: false, code: 14, message: 'Numéro en liste STOP' }),
				],
			},
		});
		const result = await run(sandbox, {
			items: people,
			parameters: sendMany,
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([
			expect.objectContaining({ messageId: '48213377', phoneNumber: '+33611111111' }),
		]);
		expect(errorsOf(result).map((error) => [error.phone, error.outcome, error.message])).toEqual([
			[
				'0622222222',
				'unknown',
				"SMS Partner's answer for this number says success but carries code 14: outcome unknown",
			],
			['0633333333', 'rejected', "A number is on the account's STOP list (SMS Partner code 14)"],
		]);
	});

	test('Send Many: a refused request whose lines say billed never tells those items "nothing was sent"', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/bulk-send', {
			answer: {
				success: false,
				code: 11,
				message: 'Crédit insuffisant',
				SMSResponse_List: [
					line('+33611111111', { success: true, code: 200, nbSms: 1, cost: 0.045 }),
					line('+33622222222', { success: false, code: 11, cost: 0.045 }),
					line('+33633333333', { success: false, code: 11, message: 'Crédit insuffisant' }),
				],
			},
		});
		const result = await run(sandbox, {
			items: people,
			parameters: sendMany,
			onError: 'continueErrorOutput',
		});
		expect(result.success).toEqual([]);
		expect(errorsOf(result).map((error) => [error.phone, error.outcome])).toEqual([
			['0611111111', 'unknown'],
			['0622222222', 'unknown'],
			['0633333333', 'rejected'],
		]);
		expect(errorsOf(result)[0].message).toBe(
			"SMS Partner's answer for this number says sent though the request was refused: outcome unknown",
		);
		expect(errorsOf(result)[1].message).toBe(
			"SMS Partner's answer for this number carries a cost though the request was refused: outcome unknown",
		);
		expect(errorsOf(result)[2].description).toBe(
			'SMS Partner said: "Crédit insuffisant". The account holds less credit than the SMS cost: buy credit or move some back from a subaccount. Nothing was sent to this number.',
		);
	});

	test('Send Many: a refused request that carries a message ID is unknown for every item', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/bulk-send', {
			answer: { success: false, code: 500, message: 'Erreur', message_id: 48213377 },
		});
		const result = await run(sandbox, {
			items: people,
			parameters: sendMany,
			onError: 'continueErrorOutput',
		});
		expect(errorsOf(result).map((error) => error.outcome)).toEqual([
			'unknown',
			'unknown',
			'unknown',
		]);
		expect(errorsOf(result)[0].message).toBe(
			"SMS Partner's answer says refused (code 500) but carries a message ID: outcome unknown",
		);
	});

	test.each([
		['a message ID', { message_id: 48213377 }],
		['a cost', { cost: 0.045 }],
	])('Send: a refusal that carries %s is unknown, not "nothing was sent"', async (what, extra) => {
		const sandbox = await sandboxes.start({ errorStatus: '4xx' });
		sandbox.fault('/send', {
			status: 400,
			answer: { success: false, code: 14, message: 'STOP', ...extra },
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('sms', 'send', { phoneNumbers: '0612345678', message: 'Bonjour' }),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({
			outcome: 'unknown',
			code: 14,
			message: `SMS Partner's answer says refused (code 14) but carries ${what}: outcome unknown`,
			description: expect.stringContaining('may have been sent and billed'),
		});
	});

	test('Send: success with another code than 200 at HTTP 4xx is unknown, never "refused"', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/send', {
			status: 400,
			answer: { success: true, code: 14, message_id: 48213377, nb_sms: 1, cost: 0.045 },
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('sms', 'send', { phoneNumbers: '0612345678', message: 'Bonjour' }),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toMatchObject({ outcome: 'unknown', code: 14 });
	});
});

describe('ids come out exactly as SMS Partner sent them, as text', () => {
	const TWENTY_DIGITS = '12345678901234567890';

	test('Send: a 20-digit message_id sent as a JSON number comes out digit for digit', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/send', {
			body: `{"success":true,"code":200,"message_id":${TWENTY_DIGITS},"nb_sms":1,"cost":0.045,"currency":"EUR"}`,
		});
		const result = await run(sandbox, {
			items: [{}],
			parameters: operation('sms', 'send', { phoneNumbers: '0612345678', message: 'Bonjour' }),
		});
		expect(result.success[0].messageId).toBe(TWENTY_DIGITS);
	});

	test('Stop List: a 20-digit id is listed exactly, and Remove sends and outputs it exactly', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('/stop-sms/list', {
			body: `{"success":true,"code":200,"nbData":2,"data":[{"id":${TWENTY_DIGITS},"phoneNumber":"+33611111111","createdAt":"2026-12-01 10:00:00"},{"id":"a1-b2","phoneNumber":"+33622222222","createdAt":"2026-12-01 10:00:00"}]}`,
			times: 1,
		});
		const listed = await run(sandbox, {
			items: [{}],
			parameters: operation('stopList', 'getMany', { returnAll: true }),
		});
		expect(listed.success.map((item) => item.id)).toEqual([TWENTY_DIGITS, 'a1-b2']);
		sandbox.fault('/stop-sms/delete', { answer: { success: true, code: 200 } });
		const removed = await run(sandbox, {
			items: listed.success,
			parameters: operation('stopList', 'remove', { id: '={{ $json.id }}' }),
		});
		expect(
			sandbox.calls.filter((call) => call.path === '/stop-sms/delete').map((call) => call.query.id),
		).toEqual([TWENTY_DIGITS, 'a1-b2']);
		expect(removed.success).toEqual([
			{ id: TWENTY_DIGITS, removed: true },
			{ id: 'a1-b2', removed: true },
		]);
	});

	test('Stop List › Add: the new id is text', async () => {
		const sandbox = await sandboxes.start();
		const added = await run(sandbox, {
			items: [{}],
			parameters: operation('stopList', 'add', { phoneNumber: '0612345678' }),
		});
		expect(added.success).toEqual([
			{
				id: String(sandbox.account(KEY).stopList![0].id),
				phoneNumber: '+33612345678',
				alreadyListed: false,
			},
		]);
	});
});

describe('credit-move codes SMS Partner’s pages disagree on', () => {
	test('code 4 without SMS Partner’s words: both documented meanings, no cause chosen', async () => {
		const sandbox = await sandboxes.start();
		sandbox.fault('sub-alpha', { answer: { success: false, code: 4 } });
		const result = await run(sandbox, {
			apiKey: KEY,
			items: [{ token: 'sub-alpha', amount: 5 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});
		expect(result.errors[0].error).toEqual({
			message: 'SMS Partner refused the credit move for subaccount "sub-alpha" (code 4)',
			description:
				'SMS Partner gave no reason, and its pages give code 4 2 meanings: subaccounts are not enabled on the account (no permission); or the subaccount token is required. Nothing was changed.',
			code: 4,
			httpStatus: 200,
			outcome: 'rejected',
		});
	});

	test('code 7 in words that contradict the per-endpoint table: only SMS Partner’s words are given', async () => {
		const sandbox = await sandboxes.start();
		sandbox.forceCode('sub-alpha', 7, 'Crédit insuffisant pour le sous-compte');
		const result = await run(sandbox, {
			apiKey: KEY,
			items: [{ token: 'sub-alpha', amount: 5 }],
			parameters: removeCredit(),
			onError: 'continueErrorOutput',
		});
		const { error } = result.errors[0] as { error: { message: string; description: string } };
		expect(error.message).toBe(
			'SMS Partner refused the credit move for subaccount "sub-alpha" (code 7): «Crédit insuffisant pour le sous-compte»',
		);
		expect(`${error.message} ${error.description}`).not.toMatch(/does not exist|not found/i);
	});
});
