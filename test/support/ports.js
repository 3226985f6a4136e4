'use strict';
/** Loopback ports for the servers the tests and `npm start` run. */
const net = require('node:net');

/** Whether nothing listens on 127.0.0.1:port. */
function portFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** A port the system hands out as free on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** The wanted port if nothing listens on it, otherwise a free one; never one of `taken`. */
async function pickPort(wanted, taken = []) {
	if (wanted && !taken.includes(wanted) && (await portFree(wanted))) return wanted;
	for (;;) {
		const port = await freePort();
		if (!taken.includes(port)) return port;
	}
}

module.exports = { portFree, freePort, pickPort };
