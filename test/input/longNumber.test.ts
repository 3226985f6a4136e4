/** Send From Long Number's Long Number field: read as SMS Partner's /vn/send wants it, or refused naming it. */
import { validateLongNumber } from '../../nodes/SmsPartner/input/sms';

test.each([
	['+33 7 00 00 00 00', '33700000000'],
	['06 12 34 56 78', '33612345678'],
	[33700000000, '33700000000'],
])('%j goes out as %s', (value, digits) => {
	expect(validateLongNumber(value)).toBe(digits);
});

test.each<[unknown, RegExp]>([
	[undefined, /^Long Number is empty: give the long number you rent from SMS Partner/],
	['   ', /^Long Number is empty/],
	[{ n: 1 }, /^Long Number must be text, but it is a object/],
	['01 23 45 67 89', /^Long Number "01 23 45 67 89" is a French landline or special number/],
	['+44 7700 900123', /^Long Number "\+44 7700 900123" is not a French long number/],
	['Mon numéro', /^Long Number "Mon numéro" is not a French long number/],
])('%j is refused, naming the field, nothing sent', (value, message) => {
	let thrown: unknown;
	try {
		validateLongNumber(value);
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toMatchObject({
		message: expect.stringMatching(message),
		details: expect.objectContaining({ field: 'longNumber', outcome: 'notSent' }),
	});
});
