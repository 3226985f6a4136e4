'use strict';
/**
 * `npm run bench`'s floor: two nodes that do the least any node can do per item
 * through n8n's request helper with the SMS Partner credential: one Remove Credit
 * POST and its answer parsed, nothing checked. What they take beyond the raw
 * keep-alive loop is n8n's, whatever a node does; what the SMS Partner node takes
 * beyond them is its own.
 */
const CREDENTIAL_TYPE = 'smsPartnerApi';

function floorDescription(name, displayName) {
	return {
		displayName,
		name,
		group: ['transform'],
		version: 1,
		description: `Bench only: ${displayName}`,
		defaults: { name: displayName },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [{ displayName: 'In Flight', name: 'inFlight', type: 'number', default: 1 }],
	};
}

/**
 * Sends each item's POST, up to In Flight at a time (1: once the one before has
 * answered); `exchange` makes one request through the helper and gives the answer's JSON.
 */
async function executeFloor(context, exchange) {
	const items = context.getInputData();
	const inFlight = context.getNodeParameter('inFlight', 0);
	// Read once and handed to the helper, as the SMS Partner node does.
	const data = await context.getCredentials(CREDENTIAL_TYPE);
	const url = `${String(data.baseUrl).replace(/\/+$/, '')}/subaccount/credit/remove`;
	const credentials = { credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data } };
	const output = [];
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			const { amount, token } = items[index].json;
			const request = {
				method: 'POST',
				url,
				body: { credit: amount, tokenSubaccount: token, _format: 'json' },
			};
			const json = await exchange((options) =>
				context.helpers.httpRequestWithAuthentication.call(
					context,
					CREDENTIAL_TYPE,
					{ ...request, ...options },
					credentials,
				),
			);
			output[index] = { json, pairedItem: { item: index } };
		}
	};
	await Promise.all(Array.from({ length: inFlight }, worker));
	return [output];
}

module.exports = { executeFloor, floorDescription };
