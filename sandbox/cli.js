#!/usr/bin/env node
'use strict';
// `npm run sandbox`: the local SMS Partner stand-in on 127.0.0.1, until Ctrl-C.
const { startSandbox } = require('./server');

async function main() {
	const port = Number(process.env.SANDBOX_PORT ?? 4010);
	const errorStatus = process.env.SANDBOX_ERROR_STATUS === '4xx' ? '4xx' : '200';
	const dlrFormat = process.env.SANDBOX_DLR_FORMAT ?? 'get';
	const remoteCallbacks = process.env.SANDBOX_REMOTE_CALLBACKS === '1';
	const sandbox = await startSandbox({ port, errorStatus, dlrFormat, remoteCallbacks });
	const [account] = sandbox.state.accounts;
	console.log(`SMS Partner sandbox on ${sandbox.baseUrl}`);
	console.log(`  API key: ${account.apiKey}   main account: ${account.credit} EUR`);
	for (const sub of account.subaccounts) {
		console.log(`  subaccount token: ${sub.token.padEnd(12)} ${sub.credit} EUR`);
	}
	console.log(
		`  refusals are sent with HTTP ${errorStatus === '4xx' ? '4xx' : '200'} (SANDBOX_ERROR_STATUS=200|4xx)`,
	);
	console.log(
		`  delivery reports to urlDlr as ${sandbox.dlrFormat} (SANDBOX_DLR_FORMAT=get|json|form), ` +
			`to ${remoteCallbacks ? 'any address' : 'loopback addresses only'} (SANDBOX_REMOTE_CALLBACKS=1: any)`,
	);
	console.log(
		`  controls: POST http://${sandbox.host}:${sandbox.port}/_sandbox/reply, /long-number, /deliver, ` +
			'/reply-url, /dlr-format; GET /_sandbox/callbacks (docs/development.md)',
	);
	const stop = () => sandbox.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
