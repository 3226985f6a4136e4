/** How SMS Partner's answers are read: JSON or positional XML, whatever the HTTP status. */
import { ENDPOINTS } from '../../nodes/SmsPartner/api/subAccount';
import { SmsPartnerError } from '../../nodes/SmsPartner/helpers/errors';
import { parseAnswer, parseAnswerText } from '../../nodes/SmsPartner/transport/answer';
import { parseAmount } from '../../nodes/SmsPartner/transport/values';

const read = (status: number, text: string) =>
	parseAnswer({
		status,
		text,
		endpoint: ENDPOINTS.removeCredit,
		secret: 'the-key',
	});

function failure(status: number, text: string) {
	try {
		read(status, text);
	} catch (error) {
		if (error instanceof SmsPartnerError) return error.details;
		throw error;
	}
	throw new Error('expected the answer to be refused');
}

describe('XML answers', () => {
	test('map unnamed entries by position, CDATA included', () => {
		const xml =
			'<?xml version="1.0"?><result><entry>true</entry><entry>200</entry><entry>2869.2</entry><entry>61.8</entry><entry><![CDATA[EUR]]></entry></result>';
		expect(parseAnswerText(xml, ENDPOINTS.removeCredit.xmlShape)?.fields).toEqual({
			success: 'true',
			code: '200',
			credit: '2869.2',
			subaccountCredit: '61.8',
			currency: 'EUR',
		});
	});

	test('map an error by the error positions', () => {
		const xml =
			'<result><entry>false</entry><entry>10</entry><entry><![CDATA[Incorrect API Key]]></entry></result>';
		expect(failure(200, xml)).toMatchObject({
			code: 10,
			message: 'Invalid API key (SMS Partner code 10)',
		});
	});

	test('read nested entries as objects and lists of objects', () => {
		const sub = (id: number, token: string, balance: string) =>
			`<entry><entry>${id}</entry><entry><![CDATA[${token}@x.fr]]></entry><entry>simple</entry><entry><![CDATA[${token}]]></entry><entry>k</entry><entry>2024-01-01</entry><entry><entry>${balance}</entry><entry>EUR</entry></entry></entry>`;
		const xml = `<result><entry>true</entry><entry>200</entry><entry>2</entry><entry>20</entry><entry>1</entry><entry>${sub(1, 'a', '0.800')}${sub(2, 'b', '12')}</entry></result>`;
		expect(parseAnswerText(xml, ENDPOINTS.listSubaccounts.xmlShape)?.fields).toEqual({
			success: 'true',
			code: '200',
			total: '2',
			nb_per_page: '20',
			page: '1',
			data: [
				{
					id: '1',
					email: 'a@x.fr',
					type: 'simple',
					token: 'a',
					apiKey: 'k',
					createdAt: '2024-01-01',
					credits: { balance: '0.800', currency: 'EUR' },
				},
				{
					id: '2',
					email: 'b@x.fr',
					type: 'simple',
					token: 'b',
					apiKey: 'k',
					createdAt: '2024-01-01',
					credits: { balance: '12', currency: 'EUR' },
				},
			],
		});
	});

	test('an empty list entry is an empty list', () => {
		const xml =
			'<result><entry>true</entry><entry>200</entry><entry>0</entry><entry>20</entry><entry>1</entry><entry></entry></result>';
		expect(parseAnswerText(xml, ENDPOINTS.listSubaccounts.xmlShape)?.fields).toMatchObject({
			data: [],
		});
	});

	test('accept named elements too', () => {
		const xml =
			'<result><success>true</success><code>200</code><credit>5</credit><subaccountCredit>1.5</subaccountCredit></result>';
		expect(read(200, xml).fields).toMatchObject({
			success: 'true',
			credit: '5',
			subaccountCredit: '1.5',
		});
	});

	test('refuse malformed XML and XML that is not a result', () => {
		expect(
			parseAnswerText('<result><entry>true</entry>', ENDPOINTS.removeCredit.xmlShape),
		).toBeUndefined();
		expect(
			parseAnswerText('<html><body>Bad gateway</body></html>', ENDPOINTS.removeCredit.xmlShape),
		).toBeUndefined();
	});
});

describe('answers that are not a success', () => {
	test('success:false with HTTP 200 or 4xx is a refusal: nothing changed', () => {
		for (const status of [200, 400, 401, 403, 404, 500]) {
			expect(failure(status, '{"success":false,"code":8,"message":"Insufficient credit"}')).toEqual(
				{
					message: 'Insufficient credit (SMS Partner code 8)',
					description:
						'The subaccount holds less credit than the amount to move. Nothing was changed.',
					code: 8,
					httpStatus: status,
					outcome: 'rejected',
				},
			);
		}
	});

	test('a code given as text is read as a number', () => {
		expect(failure(200, '{"success":false,"code":"7"}')).toMatchObject({ code: 7 });
	});

	test('an HTML error page from a server error: outcome unknown, page not shown', () => {
		const details = failure(502, '<html><body><h1>502 Bad Gateway</h1></body></html>');
		expect(details).toMatchObject({ httpStatus: 502, outcome: 'unknown', code: null });
		expect(details.message).toBe('SMS Partner had a server error (HTTP 502): outcome unknown');
		expect(JSON.stringify(details)).not.toContain('Bad Gateway');
	});

	test('an empty, truncated or non-object body with HTTP 200: outcome unknown', () => {
		for (const text of ['', '{"success":true,"code":200,"cre', '[1,2]', '"ok"', 'null']) {
			expect(failure(200, text)).toMatchObject({ outcome: 'unknown', httpStatus: 200 });
		}
	});

	test('no success field, or success with another code, is not a success', () => {
		expect(failure(200, '{"code":200,"credit":1}')).toMatchObject({ outcome: 'unknown' });
		expect(failure(200, '{"success":true,"code":500}')).toMatchObject({ outcome: 'unknown' });
		expect(failure(200, '{"success":"yes","code":200}')).toMatchObject({ outcome: 'unknown' });
	});

	test("SMS Partner's message is kept, with the key masked", () => {
		const details = failure(
			200,
			'{"success":false,"code":99,"message":"Key the-key is suspended"}',
		);
		expect(details.message).toBe('Key *** is suspended (SMS Partner code 99)');
	});
});

test('balances are read from numbers or numeric text, nothing else', () => {
	expect(parseAmount(61.8)).toBe(61.8);
	expect(parseAmount('0.800')).toBe(0.8);
	expect(parseAmount('-1.5')).toBe(-1.5);
	for (const value of ['', 'abc', '1,5', '1e2', 'NaN', null, undefined, NaN, Infinity, {}, true]) {
		expect(parseAmount(value)).toBeUndefined();
	}
});

describe('positional XML that does not fit its shape is refused whole', () => {
	const sub = (entries: string[]) =>
		`<entry>${entries.map((e) => `<entry><![CDATA[${e}]]></entry>`).join('')}<entry><entry>12.500</entry><entry>EUR</entry></entry></entry>`;
	const list = (subs: string) =>
		`<result><entry>true</entry><entry>200</entry><entry>1</entry><entry>20</entry><entry>1</entry><entry>${subs}</entry></result>`;
	const full = ['7', 'shop@x.fr', 'simple', 'tok-1', 'subkey-secret-1', '2026-01-15'];

	test('a complete entry is read', () => {
		expect(
			parseAnswerText(list(sub(full)), ENDPOINTS.listSubaccounts.xmlShape)?.fields.data,
		).toEqual([
			expect.objectContaining({ token: 'tok-1', email: 'shop@x.fr', apiKey: 'subkey-secret-1' }),
		]);
	});

	test('one entry missing (the API key would slide into token): no answer at all', () => {
		const shifted = full.filter((value) => value !== 'shop@x.fr');
		expect(parseAnswerText(list(sub(shifted)), ENDPOINTS.listSubaccounts.xmlShape)).toBeUndefined();
	});

	test('an entry too many, or a value of the wrong kind, is refused too', () => {
		expect(
			parseAnswerText(list(sub([...full, 'extra'])), ENDPOINTS.listSubaccounts.xmlShape),
		).toBeUndefined();
		const notAnEmail = ['7', 'simple', 'simple', 'tok-1', 'subkey-secret-1', '2026-01-15'];
		expect(
			parseAnswerText(list(sub(notAnEmail)), ENDPOINTS.listSubaccounts.xmlShape),
		).toBeUndefined();
		const move = (entries: string[]) =>
			`<result>${entries.map((e) => `<entry>${e}</entry>`).join('')}</result>`;
		expect(
			parseAnswerText(move(['true', '200', '12,5', '3', 'EUR']), ENDPOINTS.removeCredit.xmlShape),
		).toBeUndefined();
		expect(
			parseAnswerText(move(['true', '200', '12.5', '3', 'euros']), ENDPOINTS.removeCredit.xmlShape),
		).toBeUndefined();
		expect(
			parseAnswerText(move(['true', '200', '12.5', '3', 'EUR']), ENDPOINTS.removeCredit.xmlShape),
		).toBeDefined();
	});
});

describe('success flags', () => {
	test('JSON: only the boolean true; the text "true" is not a success', () => {
		expect(
			failure(200, '{"success":"true","code":200,"credit":1,"subaccountCredit":1}'),
		).toMatchObject({ outcome: 'unknown' });
		expect(failure(200, '{"success":1,"code":200,"credit":1,"subaccountCredit":1}')).toMatchObject({
			outcome: 'unknown',
		});
	});

	test('XML: the text true or 1', () => {
		for (const flag of ['true', '1']) {
			const xml = `<result><entry>${flag}</entry><entry>200</entry><entry>5</entry><entry>1.5</entry><entry>EUR</entry></result>`;
			expect(read(200, xml).fields).toMatchObject({ credit: '5' });
		}
	});

	test('a success carrying a code that is not a number does not show that value', () => {
		const details = failure(
			200,
			'{"success":true,"code":"the-key","credit":1,"subaccountCredit":1}',
		);
		expect(details.description).not.toContain('the-key');
		expect(details.outcome).toBe('unknown');
	});
});
