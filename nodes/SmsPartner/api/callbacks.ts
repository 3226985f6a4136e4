/**
 * What SMS Partner posts to n8n: replies and STOPs to a send's `urlResponse` (or the
 * dashboard's reply URL), messages to a rented long number, delivery reports to a
 * send's `urlDlr`, and HLR results to an HLR lookup's `notifyUrl`. SMS Partner signs none of them, registers no webhook through its
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

/**
 * The result of an HLR lookup, posted to the `notifyUrl` of `POST /hlr/notify`, once per
 * number. SMS Partner's "Send a Verification" page (docpartner.dev, its 2025 GitBook and
 * the older pages) says only "sent in POST" and prints one example, as a PHP array:
 * `phone` ('+33…'), `messageId` ('1234-12344-1234-1234'), `mccMnc` ('20815'), `ported`
 * (1), `errorGrpId` (0), `errorName` ('NO_ERROR ', with its space), `errorDesc`
 * ('No Error'), `date` ('2018-03-05T10:34:52.355+0000'). Its encoding (JSON or form) is
 * not said: GET query, POST JSON and POST form are all read. The other names are those of
 * SMS Partner's HLR status and error tables (its error page: statusGrpId, statusId,
 * errorId), read when present.
 */
export const HLR_RESULT_FIELDS = {
	phoneNumber: ['phone', 'phoneNumber', 'phone_number', 'number', 'msisdn'],
	messageId: ['messageId', 'message_id', 'id'],
	mccMnc: ['mccMnc', 'mcc_mnc'],
	network: ['network', 'networkName', 'operator'],
	ported: ['ported'],
	roaming: ['roaming'],
	errorGroupId: ['errorGrpId', 'errorGroupId'],
	errorId: ['errorId'],
	errorName: ['errorName'],
	errorDescription: ['errorDesc', 'errorDescription'],
	errorPermanent: ['errorPermanent', 'permanent'],
	statusGroupId: ['statusGrpId', 'statusGroupId'],
	statusId: ['statusId'],
	statusName: ['statusName'],
	statusDescription: ['statusDesc', 'statusDescription'],
	date: ['date', 'doneDate', 'timestamp'],
} as const;

/**
 * What marks a callback as an HLR result: one of these names, found in the documented
 * example or SMS Partner's HLR tables and in none of its other callbacks. A callback
 * that also carries a delivery status (DELIVERY_REPORT_FIELDS.status) is a delivery
 * report all the same: an HLR result has no delivery status.
 */
export const HLR_RESULT_SIGNATURE = [
	'mccMnc',
	'errorGrpId',
	'errorName',
	'errorDesc',
	'statusGrpId',
] as const;

/** SMS Partner's HLR error groups (errorGrpId), in the node's words. */
export const HLR_ERROR_GROUPS = {
	0: 'ok',
	1: 'handsetError',
	2: 'userError',
	3: 'operatorError',
} as const;

/** SMS Partner's HLR status groups (statusGrpId), in the node's words. */
export const HLR_STATUS_GROUPS = {
	1: 'pending',
	2: 'undeliverable',
	3: 'delivered',
	4: 'expired',
	5: 'rejected',
} as const;

export type HlrErrorGroup = (typeof HLR_ERROR_GROUPS)[keyof typeof HLR_ERROR_GROUPS];
export type HlrStatusGroup = (typeof HLR_STATUS_GROUPS)[keyof typeof HLR_STATUS_GROUPS];

/**
 * SMS Partner's HLR errors (its error page, "Error Codes (HLR)"): name → [errorId,
 * errorGrpId, permanent]. Permanent: the page's word for an error that asking again
 * will not change.
 */
export const HLR_ERRORS: Record<
	string,
	readonly [id: number, group: 0 | 1 | 2 | 3, permanent: boolean]
> = {
	NO_ERROR: [0, 0, false],
	EC_UNKNOWN_SUBSCRIBER: [1, 1, true],
	EC_UNIDENTIFIED_SUBSCRIBER: [5, 1, false],
	EC_ABSENT_SUBSCRIBER_SM: [6, 1, false],
	EC_UNKNOWN_EQUIPMENT: [7, 1, false],
	EC_ROAMING_NOT_ALLOWED: [8, 1, false],
	EC_ILLEGAL_SUBSCRIBER: [9, 1, true],
	EC_TELESERVICE_NOT_PROVISIONED: [11, 1, true],
	EC_ILLEGAL_EQUIPMENT: [12, 1, true],
	EC_CALL_BARRED: [13, 1, false],
	EC_ABSENT_SUBSCRIBER: [27, 1, false],
	EC_SUBSCRIBER_BUSY_FOR_MT_SMS: [31, 1, false],
	EC_SM_DELIVERY_FAILURE: [32, 1, false],
	EC_MESSAGE_WAITING_LIST_FULL: [33, 1, false],
	EC_SYSTEM_FAILURE: [34, 1, false],
	EC_DATA_MISSING: [35, 1, false],
	EC_UNEXPECTED_DATA_VALUE: [36, 1, false],
	EC_UNKNOWN_ERROR: [255, 1, false],
	EC_SM_DF_MEMORYCAPACITYEXCEEDED: [256, 1, false],
	EC_SM_DF_EQUIPMENTPROTOCOLERROR: [257, 1, false],
	EC_SM_DF_EQUIPMENTNOTSM_EQUIPPED: [258, 1, false],
	EC_SM_DF_UNKNOWNSERVICECENTRE: [259, 1, false],
	EC_SM_DF_SC_CONGESTION: [260, 1, false],
	EC_SM_DF_INVALIDSME_ADDRESS: [261, 1, false],
	EC_SM_DF_SUBSCRIBERNOTSC_SUBSCRIBER: [262, 1, false],
	EC_PROVIDER_GENERAL_ERROR: [500, 1, false],
	EC_NO_RESPONSE: [502, 1, false],
	EC_SERVICE_COMPLETION_FAILURE: [503, 1, false],
	EC_UNEXPECTED_RESPONSE_FROM_PEER: [504, 1, false],
	EC_MISTYPED_PARAMETER: [507, 1, false],
	EC_DUPLICATED_INVOKE_ID: [509, 1, false],
	EC_OR_APPCONTEXTNOTSUPPORTED: [1024, 1, false],
	EC_OR_INVALIDDESTINATIONREFERENCE: [1025, 1, false],
	EC_OR_INVALIDORIGINATINGREFERENCE: [1026, 1, false],
	EC_OR_ENCAPSULATEDAC_NOTSUPPORTED: [1027, 1, false],
	EC_OR_TRANSPORTPROTECTIONNOTADEQUATE: [1028, 1, false],
	EC_OR_NOREASONGIVEN: [1029, 1, false],
	EC_OR_POTENTIALVERSIONINCOMPATIBILITY: [1030, 1, false],
	EC_OR_REMOTENODENOTREACHABLE: [1031, 1, false],
	EC_NNR_NOTRANSLATIONFORANADDRESSOFSUCHNATURE: [1152, 1, false],
	EC_NNR_NOTRANSLATIONFORTHISSPECIFICADDRESS: [1153, 1, false],
	EC_NNR_SUBSYSTEMCONGESTION: [1154, 1, false],
	EC_NNR_SUBSYSTEMFAILURE: [1155, 1, false],
	EC_NNR_UNEQUIPPEDUSER: [1156, 1, false],
	EC_NNR_MTPFAILURE: [1157, 1, false],
	EC_NNR_NETWORKCONGESTION: [1158, 1, false],
	EC_IMSI_BLACKLISTED: [2049, 2, true],
	EC_BLACKLISTED_DESTINATIONADDRESS: [2052, 2, true],
	EC_BLACKLISTED_SENDERADDRESS: [2053, 2, true],
	EC_SOURCE_ADDRESS_BLACKLISTED: [2053, 2, true],
	EC_INVALID_PDU_FORMAT: [4096, 2, true],
	EC_MESSAGE_CANCELED: [4100, 2, true],
	EC_VALIDITYEXPIRED: [4101, 2, true],
	EC_NOTSUBMITTEDTOSMPPCHANNEL: [4102, 2, true],
	EC_DESTINATION_FLOODING: [4103, 2, true],
	EC_DESTINATION_TXT_FLOODING: [4104, 2, true],
	EC_BEARER_SERVICE_NOT_PROVISIONED: [10, 3, true],
	EC_SS_INCOMPATIBILITY: [20, 3, false],
	EC_RESOURCE_LIMITATION: [51, 3, true],
	EC_UNKNOWN_ALPHABET: [71, 3, false],
	EC_INVALID_RESPONSE_RECEIVED: [501, 3, false],
	EC_TIME_OUT: [2048, 3, false],
	EC_DEST_ADDRESS_BLACKLISTED: [2050, 3, true],
};

/**
 * The handset errors that say the number is no subscriber's (it does not exist, or is
 * barred or suspended for good), not that the phone is off or away.
 */
export const HLR_INVALID_NUMBER_ERRORS: readonly string[] = [
	'EC_UNKNOWN_SUBSCRIBER',
	'EC_ILLEGAL_SUBSCRIBER',
	'EC_TELESERVICE_NOT_PROVISIONED',
	'EC_ILLEGAL_EQUIPMENT',
];

/** SMS Partner's HLR statuses (its error page, "HLR"): statusId → [name, statusGrpId]. */
export const HLR_STATUSES: Record<number, readonly [name: string, group: 1 | 2 | 3 | 4 | 5]> = {
	3: ['PENDING_WAITING_DELIVERY', 1],
	7: ['PENDING_ENROUTE', 1],
	26: ['PENDING_ACCEPTED', 1],
	4: ['UNDELIVERABLE_REJECTED_OPERATOR', 2],
	9: ['UNDELIVERABLE_NOT_DELIVERED', 2],
	2: ['DELIVERED_TO_OPERATOR', 3],
	5: ['DELIVERED_TO_HANDSET', 3],
	15: ['EXPIRED_EXPIRED', 4],
	29: ['EXPIRED_DLR_UNKNOWN', 4],
	6: ['REJECTED_NETWORK', 5],
	8: ['REJECTED_PREFIX_MISSING', 5],
	10: ['REJECTED_DND', 5],
	11: ['REJECTED_SOURCE', 5],
	21: ['REJECTED_SYSTEM_ERROR', 5],
	52: ['REJECTED_DESTINATION', 5],
};

/** The rejections that say the number itself is wrong (no such prefix, wrong length). */
export const HLR_INVALID_NUMBER_STATUSES: readonly string[] = [
	'REJECTED_PREFIX_MISSING',
	'REJECTED_DESTINATION',
];
