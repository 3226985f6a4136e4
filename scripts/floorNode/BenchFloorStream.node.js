'use strict';
const { executeFloor, floorDescription } = require('./floor');

/**
 * The floor with the answer asked for as a stream and read through its events, as
 * the SMS Partner node reads it (without its deadline, size cap or checks).
 */
class BenchFloorStream {
	constructor() {
		this.description = floorDescription('benchFloorStream', 'Bench Floor Stream');
	}

	async execute() {
		return await executeFloor(this, async (send) => {
			const response = await send({
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: 10_000,
			});
			const text = await new Promise((resolve, reject) => {
				const chunks = [];
				response.body.on('data', (chunk) => chunks.push(chunk));
				response.body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
				response.body.on('error', reject);
			});
			return JSON.parse(text);
		});
	}
}

module.exports = { BenchFloorStream };
