/**
 * Property-based (fast-check): Contact › Add against hostile `contactsList` answers
 * (SMS Partner's page shows no `success` at the top, each line saying its own
 * outcome), served in place of the sandbox's. Lines shuffled, missing, repeated,
 * naming other numbers, contradicting themselves (success with a refusal's code),
 * with `success` as text or a number. A contact comes out added only from a line of
 * its own number that says `success: true` and no other code; "already in the group"
 * only from code 15; anything else is an error, never a success.
 */
import fc from 'fast-check';

import { operation, run, sandboxFixture } from '../../support/fixtures';

const sandboxes = sandboxFixture();

type LineKind =
	| 'added'
	| 'added200'
	| 'already'
	| 'refused'
	| 'contradicting'
	| 'successAsText'
	| 'successAsNumber'
	| 'otherNumber'
	| 'missing';

const LINE_KINDS: LineKind[] = [
	'added',
	'added200',
	'already',
	'refused',
	'contradicting',
	'successAsText',
	'successAsNumber',
	'otherNumber',
	'missing',
];

const phoneOf = (index: number) => `+3361000000${index}`;

function lineFor(kind: LineKind, index: number): Record<string, unknown> | undefined {
	const phoneNumber = phoneOf(index);
	switch (kind) {
		case 'added':
			return { success: true, phoneNumber };
		case 'added200':
			return { success: true, code: 200, phoneNumber };
		case 'already':
			return {
				success: false,
				code: 15,
				phoneNumber,
				message: 'Le numéro est déjà dans le groupe',
			};
		case 'refused':
			return { success: false, code: 9, phoneNumber, message: 'Numéro invalide' };
		case 'contradicting':
			return { success: true, code: 9, phoneNumber };
		case 'successAsText':
			return { success: 'true', phoneNumber };
		case 'successAsNumber':
			return { success: 1, phoneNumber };
		case 'otherNumber':
			return { success: true, phoneNumber: '+33699999999' };
		case 'missing':
			return undefined;
	}
}

/** What the node must say of a contact whose line is `kind`. */
function expected(kind: LineKind): 'added' | 'already' | 'error' {
	if (kind === 'added' || kind === 'added200') return 'added';
	if (kind === 'already') return 'already';
	return 'error';
}

test('a contact is added, or already in the group, only when its own line says so', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.constantFrom(...LINE_KINDS), { minLength: 1, maxLength: 6 }),
			fc.boolean(),
			fc.boolean(),
			async (kinds, shuffle, withRapport) => {
				const lines = kinds.flatMap((kind, index) => {
					const line = lineFor(kind, index);
					return line ? [line] : [];
				});
				if (shuffle) lines.reverse();
				const body = JSON.stringify({
					groupe: { name: 'Clients', token: '52011' },
					results: lines,
					...(withRapport ? { rapport: { nbline: lines.length } } : {}),
				});
				const sandbox = await sandboxes.start();
				sandbox.fault('/contact/add', { body, status: 200, contentType: 'application/json' });
				const result = await run(sandbox, {
					items: kinds.map((_, index) => ({ phone: phoneOf(index) })),
					parameters: operation('contact', 'add', {
						groupId: '52011',
						phoneNumber: '={{ $json.phone }}',
					}),
					onError: 'continueErrorOutput',
				});
				await sandbox.close();

				const shown = kinds.map((_, index) => {
					const said = result.success.find((item) => item.phoneNumber === phoneOf(index));
					if (said) return said.alreadyInGroup ? 'already' : 'added';
					return 'error';
				});
				expect(shown).toEqual(kinds.map(expected));
				expect(result.success.length + result.errors.length).toBe(kinds.length);
			},
		),
		{ numRuns: 80 },
	);
}, 300_000);
