#!/usr/bin/env node
'use strict';
/**
 * `npm start`: try the node in a real n8n against the local SMS Partner sandbox.
 * Builds and packs the package, starts the sandbox on 127.0.0.1, installs n8n into
 * the cache on first use, installs the packed package the way n8n installs
 * community packages, starts a fake OpenAI model on 127.0.0.1 (test/support/fakeOpenAi.js:
 * no key, no network), imports a sandbox credential, a credential for that model and
 * three demo workflows (one of them an AI Agent using the node as its tools), and runs
 * n8n on http://localhost:5678 until Ctrl-C.
 *
 * Options (flags or environment):
 *   --port N           / SMSPARTNER_N8N_PORT      n8n's port (default 5678)
 *   --n8n-version V    / SMSPARTNER_N8N_VERSION   the latest proven n8n (default) or the Node 20 one (test/support/versions.js)
 *   --sandbox-port N   / SANDBOX_PORT             the sandbox's port (default 4010)
 *   --model-port N     / FAKE_MODEL_PORT          the fake OpenAI model's port (default 4020)
 *   SMSPARTNER_N8N_CACHE                          cache folder (default ~/.cache/n8n-nodes-smspartner)
 */
const { execFileSync } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const {
	activateWorkflow,
	cacheDir,
	ensureN8n,
	importIntoN8n,
	prepareUserFolder,
	startN8n,
} = require('../test/support/n8n');
const {
	DEMO_AGENT_PROMPT,
	DEMO_ITEMS,
	FAKE_MODEL_CREDENTIAL,
	SANDBOX_CREDENTIAL,
	DEMO_SMS,
	DEMO_APPOINTMENT,
	DEMO_CONTACTS,
	credentialEntry,
	demoAppointmentWorkflow,
	demoContactsWorkflow,
	demoEventsWorkflow,
	demoAgentWorkflow,
	demoSmsWorkflow,
	demoWorkflow,
	openAiCredentialEntry,
} = require('../test/support/workflows');
const { startFakeOpenAi } = require('../test/support/fakeOpenAi');
const { option } = require('../test/support/options');
const { LATEST } = require('../test/support/versions');
const { startSandbox } = require('../sandbox/server');

const ROOT = path.join(__dirname, '..');

function step(message) {
	console.log(`\n▸ ${message}`);
}

async function main() {
	const port = Number(option('--port', 'SMSPARTNER_N8N_PORT', '5678'));
	const version = option('--n8n-version', 'SMSPARTNER_N8N_VERSION', LATEST);
	const sandboxPort = Number(option('--sandbox-port', 'SANDBOX_PORT', '4010'));
	const modelPort = Number(option('--model-port', 'FAKE_MODEL_PORT', '4020'));

	step('Building and packing n8n-nodes-smspartner');
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	const packDir = path.join(cacheDir(), 'packs');
	fs.mkdirSync(packDir, { recursive: true });
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
	const tarball = path.join(packDir, packed.filename);

	step(`Starting the SMS Partner sandbox on 127.0.0.1:${sandboxPort}`);
	const sandbox = await startSandbox({ port: sandboxPort });

	step(`Starting the fake OpenAI model on 127.0.0.1:${modelPort} (for the AI Agent demo)`);
	const model = await startFakeOpenAi({ port: modelPort });

	step(`Getting n8n ${version} (installed once into ${cacheDir()}, then reused)`);
	const install = await ensureN8n(version);

	// A user folder of its own per n8n version, kept between runs: your owner account,
	// workflows and changes stay. The package, credential and demo are refreshed each start.
	const userFolder = path.join(cacheDir(), `start-user-${version}`);
	step(`Installing the package as a community package into ${userFolder}/.n8n/nodes`);
	await prepareUserFolder({ tarball, userFolder });

	const [account] = sandbox.state.accounts;
	await importIntoN8n(install, userFolder, 5690, 'credentials', [
		credentialEntry(
			SANDBOX_CREDENTIAL.id,
			SANDBOX_CREDENTIAL.name,
			account.apiKey,
			sandbox.baseUrl,
		),
		openAiCredentialEntry(FAKE_MODEL_CREDENTIAL.id, FAKE_MODEL_CREDENTIAL.name, model.baseUrl),
	]);
	const agentDemo = demoAgentWorkflow(SANDBOX_CREDENTIAL, FAKE_MODEL_CREDENTIAL);
	const appointmentDemo = demoAppointmentWorkflow(SANDBOX_CREDENTIAL);
	const contactsDemo = demoContactsWorkflow(SANDBOX_CREDENTIAL);
	// A fresh secret per start: the trigger's URL is printed below.
	const events = { secret: randomBytes(24).toString('base64url'), webhookId: randomUUID() };
	const eventsDemo = demoEventsWorkflow(events);
	await importIntoN8n(install, userFolder, 5690, 'workflow', [
		demoWorkflow(SANDBOX_CREDENTIAL, DEMO_ITEMS),
		demoSmsWorkflow(SANDBOX_CREDENTIAL),
		contactsDemo,
		agentDemo,
		appointmentDemo,
		eventsDemo,
	]);
	await activateWorkflow(install, userFolder, 5690, eventsDemo.id);

	step(`Starting n8n ${version}`);
	// n8n listens on 127.0.0.1: the URLs it gives SMS Partner (resume URLs) say so too.
	const base = `http://127.0.0.1:${port}`;
	const n8n = await startN8n({
		install,
		userFolder,
		port,
		brokerPort: port + 1,
		extraEnv: { WEBHOOK_URL: `${base}/` },
	});
	const triggerUrl = `${base}/webhook/${events.webhookId}/sms/${events.secret}`;
	const control = `${sandbox.baseUrl.replace(/\/v1$/, '')}/_sandbox`;

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping n8n, the sandbox and the fake model…`);
		await n8n.stop();
		await sandbox.close();
		await model.close();
		console.log('Stopped.');
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	n8n.child.on('exit', (code) => {
		if (stopping) return;
		console.error(`n8n exited unexpectedly (code ${code}):\n${n8n.output().slice(-4000)}`);
		Promise.all([sandbox.close(), model.close()]).then(() => process.exit(1));
	});

	console.log(`
────────────────────────────────────────────────────────────────────────
 n8n ${version} is running with n8n-nodes-smspartner ${packed.version}

   Open  http://localhost:${port}
   (first time: create the owner account; it stays in ${userFolder})

 Then open the workflow "SMS Partner demo: take credit back from subaccounts"
 and click "Execute workflow": moved credit comes out of "Credit moved",
 refusals (empty, unknown, insufficient) out of "Refused".

 The workflow "Send SMS (sandbox)" sends one SMS to ${DEMO_SMS.phoneNumbers}
 with the Sandbox option on (SMS Partner sends and bills nothing), then
 "Get Status" gives each recipient's status: "waiting" for the first
 ${sandbox.deliveryMs / 1000} s, then "delivered" (execute that step again to see it).

 The workflow "${contactsDemo.name}" checks
 ${DEMO_CONTACTS.people.map((person) => person.phone).join(', ')} (Number › Check), adds the mobiles
 to the group "${DEMO_CONTACTS.groupName}" (${DEMO_CONTACTS.groupId}) in one request (Contact › Add), then lists
 the group (Contact › Get Many); the landline comes out of "Not a mobile".
 Execute it twice: the second time the mobiles say "alreadyInGroup": true.

 The workflow "${agentDemo.name}" is n8n's
 AI Agent with the node as two tools, "SMS Partner balance" and "SMS Partner
 remove credit". Its prompt: "${DEMO_AGENT_PROMPT}".
 Click "Execute workflow": the model calls Remove Credit, which moves 5 EUR
 from sub-alpha in the sandbox; the agent's answer quotes both balances.
 The model is a local stand-in, not OpenAI: a rule-based fake at
 ${model.baseUrl} (credential "${FAKE_MODEL_CREDENTIAL.name}") that
 understands "balance" and "remove <amount> euros from subaccount <token>".
 No OpenAI key, no network. For a real model, put your own OpenAI key in that
 credential and set its Base URL back to https://api.openai.com/v1.

 The workflow "${appointmentDemo.name}" sends
 "Your appointment is tomorrow at 10:00. Reply OUI to confirm, NON to cancel"
 to ${DEMO_APPOINTMENT.phoneNumber} and waits. Click "Execute workflow", then answer as that
 person would (the sandbox posts SMS Partner's reply to the execution):
   curl -X POST ${control}/reply -H 'Content-Type: application/json' \\
        -d '{"phoneNumber":"${DEMO_APPOINTMENT.phoneNumber}","text":"oui"}'
 The execution resumes: "Confirmed" (NON → "Cancelled", else "Call them").

 The workflow "${eventsDemo.name}" is published: its trigger's URL is
   ${triggerUrl}
 Paste it as the Reply URL or Delivery Report URL of a Send, or make someone write
 to your long number:
   curl -X POST ${control}/long-number -H 'Content-Type: application/json' \\
        -d '{"url":"${triggerUrl}","from":"33612345678","text":"Bonjour, je serai en retard","parts":2}'
 and see the event in that workflow's executions.

 SMS Partner sandbox: ${sandbox.baseUrl}
   API key            ${account.apiKey}
   main account       ${account.credit} EUR
${account.subaccounts.map((sub) => `   subaccount token  ${sub.token.padEnd(12)} ${sub.credit} EUR`).join('\n')}
   (in memory: balances reset when you stop)

 Credential "${SANDBOX_CREDENTIAL.name}" points at the sandbox. To use the real
 SMS Partner API, open it (Overview → Credentials), put your own API key and
 set Base URL to https://api.smspartner.fr/v1 — real money then moves.

 Ctrl-C stops n8n, the sandbox and the fake model.
────────────────────────────────────────────────────────────────────────`);
}

main().catch((error) => {
	console.error(`\nnpm start failed: ${error.message}`);
	process.exit(1);
});
