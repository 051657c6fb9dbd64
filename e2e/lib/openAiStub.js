'use strict';
/**
 * A scripted stand-in for the OpenAI Chat Completions API on 127.0.0.1, so an n8n AI Agent can
 * run without a model: each request answers with the next scripted step (a call of the first
 * tool offered, or a text), streamed or not as asked. It records the tool results the agent
 * sends back, which is what a test asserts on.
 */
const http = require('node:http');

function completion(body, step, index) {
	const tool = body.tools?.[0]?.function?.name;
	const message = step.toolCall && tool
		? {
				role: 'assistant',
				content: null,
				tool_calls: [{ id: `call_${index}`, type: 'function', function: { name: tool, arguments: JSON.stringify(step.toolCall.args ?? {}) } }],
			}
		: { role: 'assistant', content: step.text ?? 'Done.' };
	return { message, finish: message.tool_calls ? 'tool_calls' : 'stop' };
}

function sendJson(response, status, json) {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(json));
}

function sendStream(response, id, model, message, finish) {
	response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	const chunk = (delta, finishReason) =>
		`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
	const delta = message.tool_calls
		? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((call, index) => ({ index, ...call })) }
		: { role: 'assistant', content: message.content };
	response.write(chunk(delta, null));
	response.write(chunk({}, finish));
	response.end('data: [DONE]\n\n');
}

async function startOpenAiStub() {
	let steps = [];
	let calls = 0;
	const toolResults = [];
	const server = http.createServer((request, response) => {
		let raw = '';
		request.on('data', (part) => (raw += part));
		request.on('end', () => {
			if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) {
				sendJson(response, 404, { error: { message: `stub: no route ${request.method} ${request.url}` } });
				return;
			}
			const body = JSON.parse(raw || '{}');
			for (const entry of body.messages ?? []) {
				if (entry.role === 'tool') {
					const content = typeof entry.content === 'string' ? entry.content : JSON.stringify(entry.content);
					if (!toolResults.includes(content)) toolResults.push(content);
				}
			}
			const step = steps.shift() ?? { text: 'Done.' };
			calls++;
			const { message, finish } = completion(body, step, calls);
			const id = `chatcmpl-stub-${calls}`;
			if (body.stream) {
				sendStream(response, id, body.model, message, finish);
				return;
			}
			sendJson(response, 200, {
				id,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body.model,
				choices: [{ index: 0, message, finish_reason: finish }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		/** The next answers, in order; also forgets the tool results seen so far. */
		script(next) {
			steps = [...next];
			toolResults.length = 0;
		},
		toolResults: () => [...toolResults],
		stop: async () => await new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startOpenAiStub };
