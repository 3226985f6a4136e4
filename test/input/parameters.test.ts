import { holdsExpression } from '../../nodes/SmsPartner/input/parameters';

describe('holdsExpression: which stored parameters vary per item', () => {
	test.each([
		['={{ $json.token }}', true],
		['=plain text after the expression marker', true],
		[{ timeout: 5000, responseFormat: '={{ $json.format }}' }, true],
		[[1, ['={{ 2 }}']], true],
		['sub-alpha', false],
		['', false],
		[12.5, false],
		[true, false],
		[null, false],
		[undefined, false],
		[{ timeout: 5000, responseFormat: 'xml', nested: { list: ['a', 'b'] } }, false],
		['{{ $json.token }}', false],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});
