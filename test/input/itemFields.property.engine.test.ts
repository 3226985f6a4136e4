/**
 * Property-based (fast-check): an expression that only reads one field of the item
 * (`={{ $json.phone }}`, `={{ $json["a b"] }}`) is read from the item itself
 * (input/parameters.ts), without n8n's evaluation. Whatever the items hold (text,
 * numbers, booleans, blanks, null, lists, objects, missing fields, odd field names),
 * a run with such expressions must give exactly what the same run gives when n8n
 * evaluates them: the expression written `={{ ($json.phone) }}` does not take the
 * short way, so n8n evaluates it. Same outputs, same errors, same requests.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { operation, run, sandboxFixture } from '../support/fixtures';

const sandboxes = sandboxFixture();

const FIELD_NAMES = ['phone', 'text', '$x', '_1', 'a b', 'é', 'constructor', 'n.o'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const fieldValue = fc.oneof(
	fc.constantFrom(
		'06 12 34 56 78',
		'+33612345678',
		'0033 6 98 76 54 32',
		'07.98.76.54.32',
		'01 42 68 53 00',
		'',
		'   ',
		'=1+1',
		'{{ $json.x }}',
		null,
		612345678,
		33612345678,
		-0,
		0,
		12.5,
		true,
		false,
		[],
		['0612345678'],
		{},
		{ phone: '0612345678' },
	),
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'grapheme', maxLength: 30 }),
	fc.double({ noNaN: true }),
	fc.integer(),
);

/** An item: each field name present or not, with any value. */
const item = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 5 });

/** `={{ $json.name }}` or `={{ $json["name"] }}` (short way), or wrapped in brackets (n8n evaluates). */
function reading(name: string, form: 'dot' | 'bracket', shortWay: boolean): string {
	const access =
		form === 'dot' && IDENTIFIER.test(name) ? `$json.${name}` : `$json[${JSON.stringify(name)}]`;
	return shortWay ? `={{ ${access} }}` : `={{ (${access}) }}`;
}

/** What a run shows, without what differs between two sandboxes (message ids). */
function observed(result: Awaited<ReturnType<typeof run>>, requests: IDataObject[]) {
	const strip = (json: IDataObject) => {
		const rest = { ...json };
		delete rest.messageId;
		return rest;
	};
	return {
		status: result.status,
		outputs: result.outputs.map((items) =>
			items.map((entry) => ({ json: strip(entry.json), pairedItem: entry.pairedItem })),
		),
		error: result.run.data.resultData.error?.message,
		requests,
	};
}

test('reading a field of the item the short way gives what n8n gives', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(item, { minLength: 1, maxLength: 6 }),
			fc.constantFrom(...FIELD_NAMES),
			fc.constantFrom(...FIELD_NAMES),
			fc.constantFrom('dot' as const, 'bracket' as const),
			fc.boolean(),
			async (items, phoneField, textField, form, errorOutput) => {
				const outcome = async (shortWay: boolean) => {
					const sandbox = await sandboxes.start();
					const result = await run(sandbox, {
						items,
						parameters: operation('sms', 'sendMany', {
							phoneNumber: reading(phoneField, form, shortWay),
							message: reading(textField, form, shortWay),
							options: { sandbox: true },
						}),
						...(errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
					});
					const requests = sandbox.calls.map((call) => call.body as IDataObject);
					await sandbox.close();
					// Error descriptions quote the expression: the same words once the brackets are off.
					return JSON.parse(
						JSON.stringify(observed(result, requests)).replace(
							/\{\{ \((\$json[^)]*)\) \}\}/g,
							'{{ $1 }}',
						),
					);
				};
				expect(await outcome(true)).toEqual(await outcome(false));
			},
		),
		{ numRuns: 60 },
	);
}, 300_000);
