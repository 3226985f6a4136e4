/** Number › Check through n8n's engine against the sandbox. */
import { KEY, operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

const LOOKUP = '/lookup';
const check = (parameters: Record<string, unknown> = {}) =>
	operation('number', 'check', { phoneNumber: '={{ $json.phone }}', ...parameters });

test('a French mobile: valid, a mobile, its network and formats; one request per item, paired, sent in international form as the page asks', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [{ phone: '06 12 34 56 78' }, { phone: '+33 1 42 68 53 00' }],
		parameters: check(),
	});
	expect(sandbox.calls.filter((call) => call.path === LOOKUP).map((call) => call.body)).toEqual([
		{ apiKey: KEY, phoneNumbers: '+33612345678', _format: 'json' },
		{ apiKey: KEY, phoneNumbers: '+33142685300', _format: 'json' },
	]);
	expect(result.success).toEqual([
		{
			phoneNumber: '+33612345678',
			valid: true,
			type: 'mobile',
			smsPartnerType: 'Mobile',
			network: 'Orange',
			countryCode: 'France',
			prefixCode: 33,
			e164: '+33612345678',
			international: '+33 6 12 34 56 78',
			national: '06 12 34 56 78',
			rfc3966: 'tel:+33-6-12-34-56-78',
			reason: null,
			cost: null,
			currency: null,
			isMobile: true,
		},
		expect.objectContaining({
			phoneNumber: '+33142685300',
			valid: true,
			type: 'landline',
			smsPartnerType: 'Fixed line',
			isMobile: false,
			national: '01 42 68 53 00',
		}),
	]);
	expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('a number SMS Partner cannot read is an answer, not an error: valid false, in its words', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, { items: [{ phone: '123456' }], parameters: check() });
	expect(result.success).toEqual([
		expect.objectContaining({
			phoneNumber: '123456',
			valid: false,
			type: 'unknown',
			isMobile: false,
			e164: null,
			reason: "Le numéro de téléphone est vide ou n'est pas valide.",
		}),
	]);
});

test('a cost SMS Partner states is passed on; none is invented', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(LOOKUP, {
		answer: {
			success: true,
			code: 200,
			cost: 0.005,
			currency: 'EUR',
			lookup: [{ request: '0612345678', success: true, type: 'Mobile', format: {} }],
		},
	});
	const result = await run(sandbox, { items: [{ phone: '0612345678' }], parameters: check() });
	expect(result.success[0]).toMatchObject({ cost: 0.005, currency: 'EUR', type: 'mobile' });
});

test.each([
	[1, 'The API key is required'],
	[2, 'The phone number is required'],
	[10, 'Invalid API key'],
	[40, 'API access is denied for this account'],
])('control code %i is read: "%s"', async (code, meaning) => {
	const sandbox = await sandboxes.start();
	sandbox.forceCode(LOOKUP, code);
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: check(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		code,
		outcome: 'rejected',
		message: `${meaning} (SMS Partner code ${code})`,
	});
});

test('an answer without its lookup line is not believed; only reads, safe to run again', async () => {
	const sandbox = await sandboxes.start();
	sandbox.fault(LOOKUP, { answer: { success: true, code: 200 } });
	const result = await run(sandbox, {
		items: [{ phone: '0612345678' }],
		parameters: check(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors[0].error).toMatchObject({
		outcome: 'unknown',
		description: expect.stringMatching(/only reads: nothing was changed/),
	});
});

test('bad input is refused before any request, naming the field', async () => {
	const sandbox = await sandboxes.start();
	const result = await run(sandbox, {
		items: [
			{ phone: '' },
			{ phone: '0612345678, 0698765432' },
			{ phone: 'call me' },
			{ phone: '12' },
		],
		parameters: check(),
		onError: 'continueErrorOutput',
	});
	expect(result.errors.map((item) => (item.error as { field: string }).field)).toEqual([
		'phoneNumber',
		'phoneNumber',
		'phoneNumber',
		'phoneNumber',
	]);
	expect(result.errors.map((item) => (item.error as { message: string }).message)).toEqual([
		expect.stringMatching(/^Phone Number is empty/),
		expect.stringMatching(/looks like several numbers/),
		expect.stringMatching(/is not a phone number/),
		expect.stringMatching(/has 2 digits/),
	]);
	expect(sandbox.callCount()).toBe(0);
});

test.each([
	['0033 6 12 34 56 78', '+33612345678'],
	['01 42 68 53 00', '+33142685300'],
	['+44 7700 900123', '+447700900123'],
	['336 12 34 56 78', '33612345678'],
])('%s is sent as %s', async (phone, sent) => {
	const sandbox = await sandboxes.start();
	await run(sandbox, { items: [{ phone }], parameters: check() });
	expect(sandbox.calls[0].body).toMatchObject({ phoneNumbers: sent });
});
