import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { createHarness, loadPackage, startTestServer } from '../harness';

const REPO_ROOT = path.resolve(__dirname, '../..');

// Compiled-JS stand-ins for `dist/`, as `tsc` would emit them (CommonJS, class named like the file).
const ECHO_NODE = `
'use strict';
const { VersionedNodeType, NodeConnectionTypes } = require('n8n-workflow');

class EchoV1 {
	constructor(base) {
		this.description = {
			...base,
			version: 1,
			defaults: { name: 'Echo' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Prefix', name: 'prefix', type: 'string', default: 'v1-' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, i) => ({
			json: { said: this.getNodeParameter('prefix', i) + item.json.text, version: this.getNode().typeVersion },
			pairedItem: { item: i },
		}))];
	}
}

class EchoV2 extends EchoV1 {
	constructor(base) {
		super(base);
		this.description = { ...this.description, version: [2, 2.1] };
		this.description.properties = [{ displayName: 'Prefix', name: 'prefix', type: 'string', default: 'v2-' }];
	}
}

class Echo extends VersionedNodeType {
	constructor() {
		const base = { displayName: 'Echo', name: 'echo', group: ['transform'], description: 'Echoes', defaultVersion: 2.1 };
		super({ 1: new EchoV1(base), 2: new EchoV2(base), 2.1: new EchoV2(base) }, base);
	}
}
module.exports = { Echo };
`;

const TICKER_NODE = `
'use strict';
const { NodeConnectionTypes } = require('n8n-workflow');
class Ticker {
	constructor() {
		this.description = {
			displayName: 'Ticker Trigger', name: 'ticker', group: ['trigger'], version: 1, polling: true,
			description: 'Ticks', defaults: { name: 'Ticker Trigger' }, inputs: [],
			outputs: [NodeConnectionTypes.Main], credentials: [{ name: 'tickerApi', required: true }], properties: [],
		};
	}
	async poll() {
		const { baseUrl } = await this.getCredentials('tickerApi');
		const data = this.getWorkflowStaticData('node');
		data.ticks = (data.ticks || 0) + 1;
		const response = await this.helpers.httpRequestWithAuthentication.call(this, 'tickerApi', { url: baseUrl + '/tick', json: true });
		return [this.helpers.returnJsonArray([{ ...response, tick: data.ticks }])];
	}
}
module.exports = { Ticker };
`;

const TICKER_CREDENTIAL = `
'use strict';
class TickerApi {
	constructor() {
		this.name = 'tickerApi';
		this.displayName = 'Ticker API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Key', name: 'key', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { 'X-Key': '={{$credentials.key}}' } } };
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/tick' } };
	}
}
module.exports = { TickerApi };
`;

describe('harness: loadPackage (n8n-core PackageDirectoryLoader)', () => {
	let packageDir: string;

	beforeAll(() => {
		// Inside the repo (ignored `.tmp/`) so the compiled nodes resolve `n8n-workflow`.
		const tmpRoot = path.join(REPO_ROOT, '.tmp');
		mkdirSync(tmpRoot, { recursive: true });
		packageDir = mkdtempSync(path.join(tmpRoot, 'harness-package-'));
		const files: Record<string, string> = {
			'package.json': JSON.stringify({
				name: 'n8n-nodes-tempfixture',
				version: '1.2.3',
				n8n: {
					n8nNodesApiVersion: 1,
					nodes: ['dist/nodes/Echo/Echo.node.js', 'dist/nodes/Ticker/Ticker.node.js'],
					credentials: ['dist/credentials/TickerApi.credentials.js'],
				},
			}),
			'dist/nodes/Echo/Echo.node.js': ECHO_NODE,
			'dist/nodes/Ticker/Ticker.node.js': TICKER_NODE,
			'dist/credentials/TickerApi.credentials.js': TICKER_CREDENTIAL,
		};
		for (const [file, content] of Object.entries(files)) {
			mkdirSync(path.dirname(path.join(packageDir, file)), { recursive: true });
			writeFileSync(path.join(packageDir, file), content);
		}
	});

	afterAll(() => {
		rmSync(packageDir, { recursive: true, force: true });
	});

	it('registers nodes as <package>.<name> and credentials by name, as n8n does', async () => {
		const loaded = await loadPackage(packageDir);
		expect(loaded.packageName).toBe('n8n-nodes-tempfixture');
		expect(loaded.nodeTypes.names().sort()).toEqual([
			'n8n-nodes-tempfixture.echo',
			'n8n-nodes-tempfixture.ticker',
		]);
		expect(loaded.credentialTypes.names()).toEqual(['tickerApi']);
		expect(loaded.credentialTypes.getSupportedNodes('tickerApi')).toEqual([
			'n8n-nodes-tempfixture.ticker',
		]);

		const echo = loaded.nodeTypes;
		expect(echo.getByNameAndVersion('n8n-nodes-tempfixture.echo', 1).description.version).toBe(1);
		expect(echo.getByNameAndVersion('n8n-nodes-tempfixture.echo').description.version).toEqual([
			2, 2.1,
		]);

		// The loader's post-processing: polling nodes get n8n's `pollTimes` parameter.
		const ticker = echo.getByNameAndVersion('n8n-nodes-tempfixture.ticker')
			.description as INodeTypeDescription;
		expect(ticker.properties[0].name).toBe('pollTimes');
	});

	it('loads this repository package (its package.json n8n section)', async () => {
		const loaded = await loadPackage(REPO_ROOT);
		expect(loaded.packageName).toBe('n8n-nodes-fax');
	});

	it('runs versioned nodes and polls nodes of a loaded package', async () => {
		const harness = await createHarness({ packageDir });
		const api = await startTestServer(() => ({ body: { ok: 1 } }));
		try {
			const latest = await harness.runNode({
				type: 'n8n-nodes-tempfixture.echo',
				items: [{ json: { text: 'hi' } }],
			});
			expect(latest.items[0].json).toEqual({ said: 'v2-hi', version: 2.1 });
			const v1 = await harness.runNode({
				type: 'n8n-nodes-tempfixture.echo',
				items: [{ json: { text: 'hi' } }],
				nodeOptions: { typeVersion: 1 },
			});
			expect(v1.items[0].json).toEqual({ said: 'v1-hi', version: 1 });

			const poll = await harness.runPoll({
				type: 'n8n-nodes-tempfixture.ticker',
				credentials: { tickerApi: { baseUrl: api.url, key: 'k' } },
			});
			expect(poll.items?.[0][0].json).toEqual({ ok: 1, tick: 1 });
			expect(api.requests[0].headers['x-key']).toBe('k');

			const test = await harness.testCredential('tickerApi', { baseUrl: api.url, key: 'k' });
			expect(test.status).toBe('OK');
		} finally {
			await api.close();
			await harness.close();
		}
	});
});
