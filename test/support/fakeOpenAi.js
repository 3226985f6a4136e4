'use strict';
/**
 * A stand-in for OpenAI's chat completions API, for n8n's AI Agent in the tests
 * and in `npm start`'s agent demo: no key, no network, the same answer every time.
 *
 * It is a rule-based "model" that reads the user's request and the tools n8n
 * offers it, and answers the way a real model does, in OpenAI's wire format:
 * - "balance" → a call to the tool whose name holds "balance";
 * - "remove <amount> … from <subaccount>" → a call to the tool whose name holds
 *   "remove", with `subaccount` and `amount` (what the tool's $fromAI() asks for);
 *   "… twice" asks for the same move a second time once the first has answered;
 *   "… as a number" gives the amount as a JSON number, not the text the schema asks for;
 * - "remove credit without arguments" → a call to that tool with no arguments at all;
 * - once every call it planned has a tool answer: a final message that quotes
 *   each tool answer word for word, so a test can read what the tool returned.
 * Non-streamed and streamed (server-sent events) requests are both answered.
 * Listens on 127.0.0.1 only.
 */
const http = require('node:http');

/** The tool calls a request asks for, in order: { tool: 'balance' | 'remove', args }. */
function plannedCalls(prompt) {
	const text = String(prompt);
	const calls = [];
	if (/\bbalance\b/i.test(text) && !/\bremove\b/i.test(text))
		calls.push({ tool: 'balance', args: {} });
	const move =
		/\bremove\s+(\S+)\s+(?:€|eur(?:os?)?)?\s*from\s+(?:sub-?account\s+)?"?([^\s",.]+)/i.exec(text);
	// A model that calls the tool with nothing filled in, as small models sometimes do.
	if (/\bremove credit without arguments\b/i.test(text)) calls.push({ tool: 'remove', args: {} });
	if (move) {
		// "… as a number": the amount as a JSON number, where the tool's schema asks for text.
		const amount = /\bas a number\b/i.test(text) ? Number(move[1]) : move[1];
		const call = { tool: 'remove', args: { subaccount: move[2], amount } };
		calls.push(call);
		if (/\btwice\b/i.test(text)) calls.push(call);
	}
	return calls;
}

function contentText(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** The tool n8n offers whose name holds the word, e.g. "SMS_Partner_remove_credit". */
function toolNamed(tools, word) {
	const names = (tools ?? []).map((tool) => tool?.function?.name).filter(Boolean);
	return names.find((name) => name.toLowerCase().includes(word));
}

/**
 * What the model says next: the next planned tool call, or, once each has been
 * answered, the final message quoting every tool answer.
 */
function nextReply(body) {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	const prompt = messages
		.filter((message) => message.role === 'user')
		.map((message) => contentText(message.content))
		.join('\n');
	const answers = messages.filter((message) => message.role === 'tool');
	const calls = plannedCalls(prompt);
	const next = calls[answers.length];
	if (next) {
		const name = toolNamed(body.tools, next.tool);
		if (name) {
			return {
				toolCall: {
					id: `call_${answers.length + 1}`,
					type: 'function',
					function: { name, arguments: JSON.stringify(next.args) },
				},
			};
		}
		return {
			content: `I have no tool to ${next.tool === 'balance' ? 'read the balance' : 'move credit'}.`,
		};
	}
	if (answers.length === 0)
		return { content: 'I can read the balance or remove credit from a subaccount.' };
	const quoted = answers.map(
		(answer, index) => `Tool answer ${index + 1}: ${contentText(answer.content)}`,
	);
	return { content: `Done.\n${quoted.join('\n')}` };
}

function completion(body, reply) {
	const message = reply.toolCall
		? { role: 'assistant', content: null, tool_calls: [reply.toolCall] }
		: { role: 'assistant', content: reply.content };
	return {
		id: `chatcmpl-fake-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'fake-model',
		choices: [{ index: 0, message, finish_reason: reply.toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

function streamChunks(body, reply) {
	const base = {
		id: `chatcmpl-fake-${Date.now()}`,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'fake-model',
	};
	const delta = reply.toolCall
		? { role: 'assistant', tool_calls: [{ index: 0, ...reply.toolCall }] }
		: { role: 'assistant', content: reply.content };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: reply.toolCall ? 'tool_calls' : 'stop' }],
		},
	];
}

function readJson(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
			} catch (error) {
				reject(error);
			}
		});
		request.on('error', reject);
	});
}

/**
 * @param {{ port?: number }} [options] port 0 (default) for a free one
 * @returns {Promise<{ baseUrl: string, port: number, requests: any[], close: () => Promise<void> }>}
 */
async function startFakeOpenAi(options = {}) {
	const requests = [];
	const server = http.createServer((request, response) => {
		const url = new URL(request.url, 'http://fake.local');
		if (request.method === 'GET' && url.pathname.endsWith('/models')) {
			response.writeHead(200, { 'Content-Type': 'application/json' });
			response.end(
				JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model' }] }),
			);
			return;
		}
		if (request.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
			response.writeHead(404, { 'Content-Type': 'application/json' });
			response.end(
				JSON.stringify({ error: { message: `no ${request.method} ${url.pathname} here` } }),
			);
			return;
		}
		readJson(request)
			.then((body) => {
				requests.push(body);
				const reply = nextReply(body);
				if (body.stream) {
					response.writeHead(200, { 'Content-Type': 'text/event-stream' });
					for (const chunk of streamChunks(body, reply))
						response.write(`data: ${JSON.stringify(chunk)}\n\n`);
					response.end('data: [DONE]\n\n');
					return;
				}
				response.writeHead(200, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify(completion(body, reply)));
			})
			.catch((error) => {
				response.writeHead(400, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify({ error: { message: String(error) } }));
			});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	return {
		port,
		baseUrl: `http://127.0.0.1:${port}/v1`,
		/** Every chat completion request n8n sent, as parsed JSON (tools, messages, …). */
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startFakeOpenAi, plannedCalls, nextReply };
