/**
 * What SMS Partner posts to n8n: replies and STOPs to a send's `urlResponse` (or the
 * dashboard's reply URL), messages to a rented long number, and delivery reports to a
 * send's `urlDlr`. SMS Partner signs none of them, registers no webhook through its
 * API, and documents no retry policy. Sources: docpartner.dev's webhook page (G3) and
 * its older reply pages (S17, G4); see ../shared/reference/smspartner-sms-api.md §6.
 */

/** A reply or a STOP to the short code: JSON posted to the send's `urlResponse`. */
export const REPLY_FIELDS = {
	/** 'response' for a reply, 'stop' when the person opted out. */
	type: 'type',
	/** The person who replied, `+336…`. */
	phoneNumber: 'phone_number',
	text: 'text',
	/** The send replied to: a number in G3, a string in S17 and G4. */
	messageId: 'message_id',
} as const;

export const REPLY_TYPES = { reply: 'response', stop: 'stop' } as const;

/**
 * A message to a rented long number (G3, S17, G4), Vonage-like: one callback per part
 * of a long SMS, joined by `concat-ref` in `concat-part` order. Method and encoding are
 * not documented: GET query, POST JSON and POST form are all read.
 */
export const LONG_NUMBER_FIELDS = {
	/** The sender, digits without `+`: 33612345678. */
	from: 'msisdn',
	/** The long number written to, digits. */
	to: 'to',
	/** This inbound message's (or part's) id: a UUID in G3, 0200000… in S17 and G4. */
	messageId: 'messageId',
	text: 'text',
	keyword: 'keyword',
	/** 'YYYY-MM-DD HH:MM:SS', read as Paris time as SMS Partner's other dates are (its zone is undocumented). */
	timestamp: 'message-timestamp',
	concat: 'concat',
	concatRef: 'concat-ref',
	concatTotal: 'concat-total',
	concatPart: 'concat-part',
} as const;

/**
 * Delivery reports to `urlDlr` are documented nowhere. Read: the names SMS Partner uses
 * for the same things in its status answers (/message-status, /bulk-status), then the
 * usual names of SMS delivery reports; anything else is kept in `raw`.
 */
export const DELIVERY_REPORT_FIELDS = {
	messageId: ['messageId', 'message_id', 'messageid', 'msgId', 'msg_id', 'smsId', 'id'],
	phoneNumber: [
		'phoneNumber',
		'phone_number',
		'number',
		'msisdn',
		'recipient',
		'destination',
		'to',
	],
	status: ['status', 'statut', 'stat', 'dlrStatus', 'dlr_status', 'deliveryStatus', 'state'],
	date: [
		'date',
		'statusDate',
		'deliveredAt',
		'delivered_at',
		'doneDate',
		'done_date',
		'timestamp',
		'message-timestamp',
		'scts',
	],
	cost: ['cost'],
	tag: ['tag'],
} as const;
