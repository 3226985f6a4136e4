/**
 * Whether SMS Partner may have acted on a request that failed:
 * - `notSent`: refused before sending, or the connection was never made;
 * - `rejected`: SMS Partner answered and refused it — nothing was changed;
 * - `unknown`: the request may have reached SMS Partner and been carried out
 *   (timeout, dropped connection, server error, unreadable answer) — check the
 *   balance before running it again.
 */
export type Outcome = 'notSent' | 'rejected' | 'unknown';

/** The `error` object of an item on the node's error output. */
export interface SmsPartnerErrorDetails {
	message: string;
	description: string;
	/** SMS Partner's control code, when its answer carried one. */
	code: number | null;
	/** HTTP status of SMS Partner's answer, when there was one. */
	httpStatus: number | null;
	outcome: Outcome;
	/** The node field at fault, for bad input. */
	field?: string;
}

export class SmsPartnerError extends Error {
	constructor(
		readonly kind: 'input' | 'api',
		readonly details: SmsPartnerErrorDetails,
	) {
		super(details.message);
		this.name = 'SmsPartnerError';
	}
}

export function invalidInput(field: string, message: string, description = ''): SmsPartnerError {
	return new SmsPartnerError('input', {
		message,
		description: description || 'Nothing was sent to SMS Partner.',
		code: null,
		httpStatus: null,
		outcome: 'notSent',
		field,
	});
}

/** An operation that would change the account, through a credential in Test Mode. */
export function refusedInTestMode(what: string): SmsPartnerError {
	return invalidInput(
		'testMode',
		`The 'SMS Partner API' credential is in Test Mode: ${what} is refused`,
		"Test Mode lets through only reads and sends, which go in SMS Partner's sandbox mode (nothing sent, nothing billed). To run it for real, choose a credential without Test Mode. Nothing was sent to SMS Partner.",
	);
}

export function apiFailure(details: Omit<SmsPartnerErrorDetails, 'field'>): SmsPartnerError {
	return new SmsPartnerError('api', details);
}

const CHECK_BALANCE_ADVICE =
	'The request may have been carried out: check the balances and subaccounts in SMS Partner before running this again.';

const READ_AGAIN_ADVICE =
	'This request only reads: nothing was changed, and it is safe to run again.';

/** What a request does, as far as the advice after an uncertain outcome goes. */
export interface RequestEffect {
	/** Only reads: an unknown outcome changed nothing. */
	readOnly: boolean;
	uncertainAdvice?: string;
}

/** What to do when SMS Partner may or may not have carried a request out. */
export function uncertainOutcomeAdvice(effect: RequestEffect): string {
	if (effect.uncertainAdvice) return effect.uncertainAdvice;
	return effect.readOnly ? READ_AGAIN_ADVICE : CHECK_BALANCE_ADVICE;
}
