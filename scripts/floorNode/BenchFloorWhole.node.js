'use strict';
const { executeFloor, floorDescription } = require('./floor');

/** The floor with the answer read whole and parsed by n8n's helper (axios), as most nodes do. */
class BenchFloorWhole {
	constructor() {
		this.description = floorDescription('benchFloorWhole', 'Bench Floor Whole');
	}

	async execute() {
		return await executeFloor(this, (send) => send({ json: true }));
	}
}

module.exports = { BenchFloorWhole };
