/** How SMS Partner's answers are read: JSON or positional XML, whatever the HTTP status. */
import { ENDPOINTS } from '../nodes/SmsPartner/api';
import { SmsPartnerError } from '../nodes/SmsPartner/helpers/errors';
import { parseAnswerText, readAmount, readAnswer } from '../nodes/SmsPartner/transport/answer';

const read = (status: number, text: string) =>
	readAnswer({
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
		expect(parseAnswerText(xml, ENDPOINTS.removeCredit.xmlShape)).toEqual({
			success: 'true',
			code: '200',
			credit: '2869.2',
			subaccountCredit: '61.8',
			currency: 'EUR',
		});
	});

	test('map an error by the error positions', () => {
		const xml = '<result><entry>false</entry><entry>10</entry><entry><![CDATA[Incorrect API Key]]></entry></result>';
		expect(failure(200, xml)).toMatchObject({ code: 10, message: 'Invalid API key (SMS Partner code 10)' });
	});

	test('read nested entries as objects and lists of objects', () => {
		const sub = (id: number, token: string, balance: string) =>
			`<entry><entry>${id}</entry><entry><![CDATA[${token}@x.fr]]></entry><entry>simple</entry><entry><![CDATA[${token}]]></entry><entry>k</entry><entry>2024-01-01</entry><entry><entry>${balance}</entry><entry>EUR</entry></entry></entry>`;
		const xml = `<result><entry>true</entry><entry>200</entry><entry>2</entry><entry>20</entry><entry>1</entry><entry>${sub(1, 'a', '0.800')}${sub(2, 'b', '12')}</entry></result>`;
		expect(parseAnswerText(xml, ENDPOINTS.listSubaccounts.xmlShape)).toEqual({
			success: 'true',
			code: '200',
			total: '2',
			nb_per_page: '20',
			page: '1',
			data: [
				{ id: '1', email: 'a@x.fr', type: 'simple', token: 'a', apiKey: 'k', createdAt: '2024-01-01', credits: { balance: '0.800', currency: 'EUR' } },
				{ id: '2', email: 'b@x.fr', type: 'simple', token: 'b', apiKey: 'k', createdAt: '2024-01-01', credits: { balance: '12', currency: 'EUR' } },
			],
		});
	});

	test('an empty list entry is an empty list', () => {
		const xml = '<result><entry>true</entry><entry>200</entry><entry>0</entry><entry>20</entry><entry>1</entry><entry></entry></result>';
		expect(parseAnswerText(xml, ENDPOINTS.listSubaccounts.xmlShape)).toMatchObject({ data: [] });
	});

	test('accept named elements too', () => {
		const xml = '<result><success>true</success><code>200</code><credit>5</credit><subaccountCredit>1.5</subaccountCredit></result>';
		expect(read(200, xml)).toMatchObject({ success: 'true', credit: '5', subaccountCredit: '1.5' });
	});

	test('refuse malformed XML and XML that is not a result', () => {
		expect(parseAnswerText('<result><entry>true</entry>', ENDPOINTS.removeCredit.xmlShape)).toBeUndefined();
		expect(parseAnswerText('<html><body>Bad gateway</body></html>', ENDPOINTS.removeCredit.xmlShape)).toBeUndefined();
	});
});

describe('answers that are not a success', () => {
	test('success:false with HTTP 200 or 4xx is a refusal: nothing changed', () => {
		for (const status of [200, 400, 401, 403, 404, 500]) {
			expect(failure(status, '{"success":false,"code":8,"message":"Insufficient credit"}')).toEqual({
				message: 'Insufficient credit (SMS Partner code 8)',
				description: 'The sub-account holds less credit than the amount to move. Nothing was changed.',
				code: 8,
				httpStatus: status,
				outcome: 'rejected',
			});
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
		const details = failure(200, '{"success":false,"code":99,"message":"Key the-key is suspended"}');
		expect(details.message).toBe('Key *** is suspended (SMS Partner code 99)');
	});
});

test('balances are read from numbers or numeric text, nothing else', () => {
	expect(readAmount(61.8)).toBe(61.8);
	expect(readAmount('0.800')).toBe(0.8);
	expect(readAmount('-1.5')).toBe(-1.5);
	for (const value of ['', 'abc', '1,5', null, undefined, NaN, Infinity, {}, true]) {
		expect(readAmount(value)).toBeUndefined();
	}
});
